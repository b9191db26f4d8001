import { parseSync } from "libpg-query";
import type { EvidenceItem } from "./model";
import { doBlockStatements, type Node, qualifiedName, rangeVar } from "./parse-tree";

export { loadParser } from "./parse-tree";

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
  let queries: string[];
  try {
    queries = doBlockStatements(node);
  } catch (error) {
    result.notes.push(`could not parse a DO block: ${(error as Error).message}`);
    return;
  }
  for (const query of queries) collect(query, result, depth + 1);
}
