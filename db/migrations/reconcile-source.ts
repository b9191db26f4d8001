import "server-only";
import type postgres from "postgres";
import type { TargetConnection } from "@/db/targets/connect";
import type { MigrationSourceConfig } from "@/lib/config/migrations-schema";
import type { Migration } from "@/lib/migrations/model";
import { loadParser } from "@/lib/migrations/parse-tree";
import { reconcile } from "@/lib/migrations/reconcile";
import type { SourceReport } from "@/lib/migrations/report";
import { syntaxErrorOf } from "@/lib/migrations/syntax-error";
import { checkAppearsApplied } from "./evidence";
import { readInstallMarker } from "./install-marker";
import { LEDGER_READERS, ledgerTableOf, readLedger } from "./ledgers/read-ledger";
import { readSource } from "./sources/read-source";

interface ReconcileContext {
  targetId: string;
  connection: TargetConnection;
  home: postgres.Sql | null;
}

/** One source of one target: its files, its ledger, and every migration's state. */
export async function reconcileSource(
  source: MigrationSourceConfig,
  context: ReconcileContext,
): Promise<SourceReport> {
  const read = readSource({
    folder: source.folder,
    layout: source.layout,
    schema: source.schema,
    subfolders: source.subfolders,
    sequenceInVersion: source.sequenceInVersion,
  });
  const reader = LEDGER_READERS[source.ledger.kind];
  const ledger = await readLedger(source.ledger.kind, {
    connection: context.connection,
    home: context.home,
    targetId: context.targetId,
    sourceId: source.id,
    table: ledgerTableOf(source.ledger),
  });
  const migrations = reconcile(read.files, ledger, reader.keyOf);

  if (context.connection.kind === "postgres") await flagSyntaxErrors(migrations);
  // A system that records nothing itself: pending files may already be in the database.
  if (source.ledger.kind === "switchyard" || !ledger.present) {
    for (const migration of migrations) await checkPending(context, migration, source.schema);
  }
  const findings = [...read.findings, ...ledger.findings];
  if (source.installMarker) {
    findings.push(await readInstallMarker(context.connection, source.installMarker));
  }
  if (source.readOnly) {
    findings.push({
      code: "read_only",
      severity: "info",
      provenance: "computed",
      message: "read-only source: shown here, never applied from Switchyard",
    });
  }
  return {
    id: source.id,
    name: source.name,
    layout: source.layout,
    folder: source.folder,
    readOnly: source.readOnly,
    ledger: { kind: ledger.kind, table: ledger.table, present: ledger.present },
    findings,
    migrations,
  };
}

/**
 * A migration not (or no longer) applied as stored whose SQL PostgreSQL cannot parse: said on the
 * migration, where the operator looks before applying it. (Applied ones ran; their text is history.)
 */
async function flagSyntaxErrors(migrations: Migration[]): Promise<void> {
  const unapplied = migrations.filter(
    (migration) => migration.state !== "applied" && migration.file?.meta.language === "sql",
  );
  if (unapplied.length === 0) return;
  await loadParser();
  for (const migration of unapplied) {
    const problem = migration.file ? syntaxErrorOf(migration.file.upSql) : null;
    if (!problem) continue;
    migration.findings.push({
      code: "syntax_error",
      severity: "error",
      provenance: "computed",
      file: migration.file?.paths[0],
      message: `PostgreSQL cannot parse it: ${problem.message} (line ${problem.line}, column ${problem.column} of its SQL)`,
    });
  }
}

async function checkPending(context: ReconcileContext, migration: Migration, schema?: string) {
  if (migration.state !== "pending") return;
  await checkAppearsApplied(context.connection, migration, schema ?? "public");
}
