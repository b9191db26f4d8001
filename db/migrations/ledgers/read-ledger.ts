import "server-only";
import { LEDGER_ALGORITHM } from "@/lib/migrations/checksum";
import type { LedgerKind, LedgerRead } from "@/lib/migrations/model";
import {
  type LedgerContext,
  type LedgerReader,
  type QualifiedTable,
  tableLabel,
} from "./ledger-reader";
import { selectAll, tableExists } from "./query-table";
import { readSwitchyardLedger, switchyardLedger } from "./switchyard-ledger";
import {
  drizzleLedger,
  flywayLedger,
  golangMigrateLedger,
  knexLedger,
  nodePgMigrateLedger,
  prismaLedger,
  sqlxLedger,
  supabaseLedger,
} from "./tool-ledgers";

export const LEDGER_READERS: Record<LedgerKind, LedgerReader> = {
  drizzle: drizzleLedger,
  sqlx: sqlxLedger,
  prisma: prismaLedger,
  supabase: supabaseLedger,
  flyway: flywayLedger,
  knex: knexLedger,
  "node-pg-migrate": nodePgMigrateLedger,
  "golang-migrate": golangMigrateLedger,
  switchyard: switchyardLedger,
};

/**
 * Where a source's ledger lives: the configured `schema.table` (or `table`), else the tool's
 * default table.
 */
export function ledgerTableOf(ledger: { kind: LedgerKind; table?: string }): QualifiedTable {
  if (!ledger.table) return LEDGER_READERS[ledger.kind].defaultTable;
  const [schema, name] = ledger.table.includes(".")
    ? ledger.table.split(".")
    : [null, ledger.table];
  return { schema: schema ?? null, name: name ?? ledger.table };
}

/**
 * Reads one ledger. A tracking table that does not exist means "nothing recorded yet": every file
 * is pending (and may be checked against the catalog), never an error.
 */
export async function readLedger(kind: LedgerKind, context: LedgerContext): Promise<LedgerRead> {
  if (kind === "switchyard") {
    return readSwitchyardLedger(context.home, context.targetId, context.sourceId);
  }
  const reader = LEDGER_READERS[kind];
  const table =
    context.connection.kind === "sqlite" ? { ...context.table, schema: null } : context.table;
  const base = {
    kind,
    table: tableLabel(table),
    algorithm: LEDGER_ALGORITHM[kind],
    highWaterMark: reader.highWaterMark === true,
  };
  if (!(await tableExists(context.connection, table))) {
    return {
      ...base,
      present: false,
      rows: [],
      findings: [
        {
          code: "ledger_missing",
          severity: "info",
          provenance: "computed",
          message: `${tableLabel(table)} does not exist: ${kind} has recorded nothing in this database`,
        },
      ],
    };
  }
  const raw = await selectAll(context.connection, table);
  return {
    ...base,
    present: true,
    rows: raw.flatMap((row) => reader.toRow(row) ?? []),
    findings: [],
  };
}
