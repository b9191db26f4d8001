import { loadModule, parsePlPgSQLSync, parseSync } from "libpg-query";
import type { EvidenceItem } from "./model";

/** An object a migration creates, named as the statement names it (schema may be implicit). */
export interface CreatedObject {
  kind: EvidenceItem["kind"];
  schema: string | null;
  name: string;
  /** Columns: the table they belong to. Indexes: the table they are on. */
  table?: string;
}

export interface CreatedObjects {
  objects: CreatedObject[];
  notes: string[];
}

type Node = Record<string, unknown>;

let ready: Promise<void> | null = null;

/** Loads the WASM parser once per process. */
export function loadParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

const text = (node: unknown): string | null => {
  const value = (node as { String?: { sval?: string } } | undefined)?.String?.sval;
  return typeof value === "string" ? value : null;
};

const qualifiedName = (names: unknown): { schema: string | null; name: string } | null => {
  const parts = Array.isArray(names) ? names.map(text).filter((p): p is string => p !== null) : [];
  const name = parts.at(-1);
  if (!name) return null;
  return { schema: parts.length > 1 ? (parts.at(-2) ?? null) : null, name };
};

const rangeVar = (node: unknown) => {
  const value = node as { schemaname?: string; relname?: string } | undefined;
  return value?.relname ? { schema: value.schemaname ?? null, name: value.relname } : null;
};

/**
 * The tables, columns, indexes, functions, types, views, sequences and schemas a migration's SQL
 * creates, found with PostgreSQL's own parser. DO blocks are parsed as PL/pgSQL and the statements
 * inside them read too (the idempotent `DO $$ BEGIN ALTER TABLE … EXCEPTION … END $$` pattern).
 * Call loadParser() first.
 */
export function createdObjects(sql: string): CreatedObjects {
  const result: CreatedObjects = { objects: [], notes: [] };
  collect(sql, result, 0);
  return result;
}

function collect(sql: string, result: CreatedObjects, depth: number): void {
  let tree: { stmts?: { stmt?: Node }[] };
  try {
    tree = parseSync(sql) as typeof tree;
  } catch (error) {
    result.notes.push(`could not parse: ${(error as Error).message}`);
    return;
  }
  for (const { stmt } of tree.stmts ?? []) {
    if (stmt) visit(stmt, result, depth);
  }
}

function visit(stmt: Node, result: CreatedObjects, depth: number): void {
  const [type, body] = Object.entries(stmt)[0] ?? [];
  const node = (body ?? {}) as Node;
  const add = (object: CreatedObject) => result.objects.push(object);
  switch (type) {
    case "CreateStmt": {
      const table = rangeVar(node.relation);
      if (!table) return;
      add({ kind: "table", ...table });
      for (const element of (node.tableElts as Node[] | undefined) ?? []) {
        const column = (element.ColumnDef as { colname?: string } | undefined)?.colname;
        if (column) add({ kind: "column", schema: table.schema, name: column, table: table.name });
      }
      return;
    }
    case "AlterTableStmt": {
      const table = rangeVar(node.relation);
      if (!table) return;
      for (const command of (node.cmds as Node[] | undefined) ?? []) {
        const cmd = command.AlterTableCmd as { subtype?: string; def?: Node } | undefined;
        const column = (cmd?.def?.ColumnDef as { colname?: string } | undefined)?.colname;
        if (cmd?.subtype === "AT_AddColumn" && column) {
          add({ kind: "column", schema: table.schema, name: column, table: table.name });
        }
      }
      return;
    }
    case "IndexStmt": {
      const table = rangeVar(node.relation);
      if (typeof node.idxname === "string" && table) {
        add({ kind: "index", schema: table.schema, name: node.idxname, table: table.name });
      } else result.notes.push("an unnamed index cannot be looked up by name");
      return;
    }
    case "CreateFunctionStmt": {
      const name = qualifiedName(node.funcname);
      if (name) add({ kind: "function", ...name });
      return;
    }
    case "CreateEnumStmt":
    case "CreateDomainStmt": {
      const name = qualifiedName(node.typeName ?? node.domainname);
      if (name) add({ kind: "type", ...name });
      return;
    }
    case "CompositeTypeStmt": {
      const name = rangeVar(node.typevar);
      if (name) add({ kind: "type", ...name });
      return;
    }
    case "ViewStmt": {
      const name = rangeVar(node.view);
      if (name) add({ kind: "view", ...name });
      return;
    }
    case "CreateTableAsStmt": {
      const name = rangeVar((node.into as Node | undefined)?.rel);
      if (name) add({ kind: node.objtype === "OBJECT_MATVIEW" ? "view" : "table", ...name });
      return;
    }
    case "CreateSeqStmt": {
      const name = rangeVar(node.sequence);
      if (name) add({ kind: "sequence", ...name });
      return;
    }
    case "CreateSchemaStmt":
      if (typeof node.schemaname === "string") {
        add({ kind: "schema", schema: null, name: node.schemaname });
      }
      return;
    case "DoStmt":
      if (depth < 2) visitDoBlock(node, result, depth);
      return;
    default:
      return;
  }
}

function visitDoBlock(node: Node, result: CreatedObjects, depth: number): void {
  const args = (node.args as Node[] | undefined) ?? [];
  const source = args
    .map((arg) => arg.DefElem as { defname?: string; arg?: unknown } | undefined)
    .find((def) => def?.defname === "as");
  const code = text(source?.arg);
  if (code === null) return;
  let tree: unknown;
  try {
    const wrapped = `CREATE FUNCTION switchyard_do() RETURNS void AS $switchyard$${code}$switchyard$ LANGUAGE plpgsql`;
    tree = parsePlPgSQLSync(wrapped);
  } catch (error) {
    result.notes.push(`could not parse a DO block: ${(error as Error).message}`);
    return;
  }
  for (const query of embeddedStatements(tree)) collect(query, result, depth + 1);
}

/** The SQL statements (`PLpgSQL_stmt_execsql`) inside a parsed PL/pgSQL body. */
function embeddedStatements(tree: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      const execsql = (value as Node).PLpgSQL_stmt_execsql as
        | { sqlstmt?: { PLpgSQL_expr?: { query?: string } } }
        | undefined;
      const query = execsql?.sqlstmt?.PLpgSQL_expr?.query;
      if (typeof query === "string") found.push(query);
      Object.values(value).forEach(walk);
    }
  };
  walk(tree);
  return found;
}
