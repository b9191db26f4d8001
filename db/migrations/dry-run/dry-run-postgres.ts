import "server-only";
import type postgres from "postgres";
import { type CatalogSnapshot, diffCatalog, sameCatalog } from "@/lib/migrations/catalog-diff";
import { loadParser } from "@/lib/migrations/parse-tree";
import type { DryRunResult } from "@/lib/migrations/run-model";
import { explainTimeout, toStatementError } from "@/lib/migrations/statement-error";
import { splitStatements } from "@/lib/migrations/statements";
import type { PostgresConnection } from "../../targets/connect";
import { runOneStatement } from "../run-one-statement";
import { snapshotPostgres } from "./catalog-snapshot";
import { explainLockTimeout } from "./lock-error";
import { type DryRunFile, type DryRunSession, runFiles } from "./run-files";

export interface DryRunLimits {
  lockTimeoutMs: number;
  statementTimeoutMs: number;
}

/**
 * The dry run on PostgreSQL: one reserved connection, one transaction under SET LOCAL
 * lock_timeout and statement_timeout holding every file, rolled back at the end; the catalog
 * is compared before the first statement (inside the transaction) and after the rollback.
 */
export async function dryRunPostgres(
  connection: PostgresConnection,
  files: DryRunFile[],
  limits: DryRunLimits,
): Promise<DryRunResult> {
  await loadParser();
  const ranAt = new Date().toISOString();
  const reserved = await connection.sql.reserve();
  let result: DryRunResult;
  try {
    const sequencesBefore = await sequenceValues(reserved, limits.lockTimeoutMs);
    let before: CatalogSnapshot;
    let outcome: Awaited<ReturnType<typeof runFiles>>;
    await reserved`begin`;
    try {
      await reserved`select set_config('lock_timeout', ${String(limits.lockTimeoutMs)}, true),
                            set_config('statement_timeout', ${String(limits.statementTimeoutMs)}, true)`;
      before = await snapshotPostgres(reserved);
      const session: DryRunSession = {
        dialect: "postgresql",
        // The one sanctioned place for unparameterised SQL: migration text an operator reviews,
        // run as written. The extended protocol runs exactly one statement, so nothing after a
        // `;` the splitter missed can COMMIT the dry run's transaction.
        execute: async (text) => {
          await runOneStatement(reserved, text);
        },
        snapshot: () => snapshotPostgres(reserved),
        explain: (error, statement) => explainTimeout(toStatementError(error, statement), limits),
      };
      outcome = await runFiles(session, files, before);
    } finally {
      await reserved`rollback`;
    }
    // Session-level advisory locks are the one thing a migration can take that a rollback keeps.
    await reserved`select pg_advisory_unlock_all()`;
    const after = await snapshotPostgres(reserved);
    const unchanged = sameCatalog(before, after);
    const notes = [...outcome.notes];
    if (!unchanged) {
      const changes = diffCatalog(before, after).map((c) => `${c.kind} ${c.name} ${c.change}`);
      notes.push(
        `The catalog after the rollback differs from before the dry run (${changes.join(", ")}): another session changed it meanwhile, or a statement escaped the transaction.`,
      );
    }
    notes.push(
      ...sequenceNotes(sequencesBefore, await sequenceValues(reserved, limits.lockTimeoutMs)),
    );
    result = {
      ranAt,
      ok: outcome.ok,
      lockTimeoutMs: limits.lockTimeoutMs,
      statementTimeoutMs: limits.statementTimeoutMs,
      files: outcome.files,
      catalogUnchanged: unchanged,
      notes,
    };
  } finally {
    reserved.release();
  }
  // On a pooled connection, once the reserved one is back: the pool may hold only one.
  await explainLockErrors(connection, files, result, limits.lockTimeoutMs);
  return result;
}

async function explainLockErrors(
  connection: PostgresConnection,
  files: DryRunFile[],
  outcome: DryRunResult,
  lockTimeoutMs: number,
): Promise<void> {
  for (const [f, file] of outcome.files.entries()) {
    for (const run of file.statements) {
      if (run.error?.code !== "55P03") continue;
      const text = splitStatements(files[f]?.sql ?? "", "postgresql")[run.index]?.text ?? "";
      run.error = await explainLockTimeout(connection, run.error, text, lockTimeoutMs);
    }
  }
}

/** Last values of the sequences this session may read; null when they could not be read. */
async function sequenceValues(
  sql: postgres.ReservedSql,
  lockTimeoutMs: number,
): Promise<Map<string, string | null> | null> {
  try {
    await sql`begin`;
    await sql`select set_config('lock_timeout', ${String(lockTimeoutMs)}, true)`;
    const rows = await sql<{ name: string; value: string | null }[]>`
      select n.nspname || '.' || c.relname as name,
             case when has_sequence_privilege(c.oid, 'SELECT,USAGE')
                  then pg_sequence_last_value(c.oid)::text end as value
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'S' and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname !~ '^pg_(toast|temp_)'`;
    await sql`commit`;
    return new Map(rows.map((row) => [row.name, row.value]));
  } catch {
    await sql`rollback`.catch(() => {});
    return null;
  }
}

function sequenceNotes(
  before: Map<string, string | null> | null,
  after: Map<string, string | null> | null,
): string[] {
  if (!before || !after) return ["Sequence values could not be compared before and after."];
  const advanced = [...after].filter(
    ([name, value]) => before.has(name) && before.get(name) !== value,
  );
  return advanced.map(
    ([name, value]) =>
      `Sequence ${name} advanced from ${before.get(name) ?? "unused"} to ${value ?? "unknown"}: a rollback does not undo nextval().`,
  );
}
