import "server-only";
import type postgres from "postgres";

/**
 * The extended protocol: postgres.js's unsafe() reads `simple` (its types leave it out) and
 * otherwise uses the simple protocol, which runs every statement of a multi-statement string.
 */
const ONE_STATEMENT = { simple: false, prepare: false } as postgres.UnsafeQueryOptions;

/**
 * Runs one statement of an operator-reviewed migration as written — migration text is the one
 * place Switchyard runs SQL it did not build — and never more than one, so nothing hidden after a
 * `;` can slip through (or COMMIT the transaction it runs in).
 */
export async function runOneStatement(
  sql: postgres.Sql | postgres.ReservedSql,
  text: string,
): Promise<void> {
  await sql.unsafe(text, [], ONE_STATEMENT);
}
