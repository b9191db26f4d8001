import { loadModule, parsePlPgSQLSync } from "libpg-query";

/** A node of libpg-query's JSON parse tree. */
export type Node = Record<string, unknown>;

let ready: Promise<void> | null = null;

/** Loads the WASM parser once per process. */
export function loadParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

export const text = (node: unknown): string | null => {
  const value = (node as { String?: { sval?: string } } | undefined)?.String?.sval;
  return typeof value === "string" ? value : null;
};

export const qualifiedName = (names: unknown): { schema: string | null; name: string } | null => {
  const parts = Array.isArray(names) ? names.map(text).filter((p): p is string => p !== null) : [];
  const name = parts.at(-1);
  if (!name) return null;
  return { schema: parts.length > 1 ? (parts.at(-2) ?? null) : null, name };
};

export const rangeVar = (node: unknown) => {
  const value = node as { schemaname?: string; relname?: string } | undefined;
  return value?.relname ? { schema: value.schemaname ?? null, name: value.relname } : null;
};

/** A statement's node type and body: `{ AlterTableStmt: {…} }` → ["AlterTableStmt", {…}]. */
export const unwrap = (stmt: Node): [string, Node] => {
  const [type, body] = Object.entries(stmt)[0] ?? ["", {}];
  return [type, (body ?? {}) as Node];
};

/**
 * The SQL statements inside a DO block (the idempotent `DO $$ BEGIN ALTER TABLE … EXCEPTION … END $$`
 * pattern), parsed as PL/pgSQL. Throws when the body does not parse.
 */
export function doBlockStatements(node: Node): string[] {
  const args = (node.args as Node[] | undefined) ?? [];
  const source = args
    .map((arg) => arg.DefElem as { defname?: string; arg?: unknown } | undefined)
    .find((def) => def?.defname === "as");
  const code = text(source?.arg);
  if (code === null) return [];
  const wrapped = `CREATE FUNCTION switchyard_do() RETURNS void AS $switchyard$${code}$switchyard$ LANGUAGE plpgsql`;
  return embeddedStatements(parsePlPgSQLSync(wrapped));
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
