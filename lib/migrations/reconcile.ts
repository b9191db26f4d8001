import { computeChecksum } from "./checksum";
import type {
  Fact,
  LedgerRead,
  LedgerRow,
  Migration,
  MigrationFile,
  MigrationState,
} from "./model";

const APPLIED_LIKE: readonly MigrationState[] = ["applied", "drifted", "failed", "dirty"];

/**
 * Matches files with ledger rows and gives each migration one state. Pure: the files, the rows
 * and the ledger's matching key in, migrations out. `appears_applied` is decided afterwards from
 * the catalog (db/migrations/evidence.ts), because it needs the database.
 */
export function reconcile(
  files: readonly MigrationFile[],
  ledger: LedgerRead,
  keyOf: (file: MigrationFile) => string,
): Migration[] {
  const rows = new Map(ledger.rows.map((row) => [row.key, row]));
  const mark = ledger.highWaterMark ? ledger.rows[0] : undefined;
  const migrations = files.map((file) => {
    const key = keyOf(file);
    if (ledger.highWaterMark) return fromHighWaterMark(file, key, mark, ledger);
    const row = rows.get(key) ?? null;
    rows.delete(key);
    return fromRow(file, row, ledger);
  });

  if (mark && !files.some((file) => keyOf(file) === mark.key)) rows.set(mark.key, mark);
  else if (ledger.highWaterMark) rows.clear();
  for (const row of rows.values()) migrations.push(missingFile(row, ledger));

  markOutOfOrder(migrations);
  return migrations;
}

function fromRow(file: MigrationFile, row: LedgerRow | null, ledger: LedgerRead): Migration {
  const computed = computeChecksum(ledger.algorithm, file.checksumInput);
  const migration = base(file, row, ledger, computed);
  if (!row) {
    migration.facts.push(fact("state", "pending", "computed", `no row in ${ledger.table}`));
    return migration;
  }
  if (!row.success) {
    migration.state = "failed";
    migration.facts.push(fact("state", "failed", "recorded", `${ledger.table}: did not finish`));
  } else if (
    computed !== null &&
    row.checksum !== null &&
    computed !== row.checksum.toLowerCase()
  ) {
    migration.state = "drifted";
    migration.facts.push(
      fact(
        "state",
        "drifted",
        "computed",
        `${ledger.algorithm} of the file ≠ the recorded checksum`,
      ),
    );
    migration.findings.push({
      code: "checksum_mismatch",
      severity: "error",
      provenance: "computed",
      file: file.paths[0],
      message: `the file changed after it was applied: recorded ${short(row.checksum)}, file ${short(computed)} (${ledger.algorithm})`,
    });
  } else {
    migration.state = "applied";
    migration.facts.push(fact("state", "applied", "recorded", `row in ${ledger.table}`));
  }
  return migration;
}

function fromHighWaterMark(
  file: MigrationFile,
  key: string,
  mark: LedgerRow | undefined,
  ledger: LedgerRead,
): Migration {
  const migration = base(file, null, ledger, null);
  if (!mark || compareKeys(key, mark.key) > 0) {
    migration.facts.push(fact("state", "pending", "computed", `above version ${mark?.key ?? "—"}`));
    return migration;
  }
  const isMark = key === mark.key;
  migration.ledgerRow = isMark ? mark : null;
  migration.state = isMark && mark.dirty ? "dirty" : "applied";
  migration.facts.push(
    isMark
      ? fact("state", migration.state, "recorded", `${ledger.table}: version ${mark.key}`)
      : fact("state", "applied", "inferred", `at or below version ${mark.key} in ${ledger.table}`),
  );
  return migration;
}

function base(
  file: MigrationFile,
  row: LedgerRow | null,
  ledger: LedgerRead,
  computed: string | null,
): Migration {
  const facts: Fact[] = [];
  if (row?.appliedAt)
    facts.push(fact("applied at", row.appliedAt.toISOString(), "recorded", ledger.table));
  if (row?.appliedBy) facts.push(fact("applied by", row.appliedBy, "recorded", ledger.table));
  if (row?.checksum) facts.push(fact("recorded checksum", row.checksum, "recorded", ledger.table));
  if (computed) facts.push(fact("file checksum", computed, "computed", file.paths[0] ?? file.id));
  return {
    id: file.id,
    name: file.name,
    version: file.version,
    orderKey: file.orderKey,
    state: "pending",
    file,
    ledgerRow: row,
    appliedAt: row?.appliedAt ?? null,
    durationMs: row?.durationMs ?? null,
    appliedBy: row?.appliedBy ?? null,
    checksum: { recorded: row?.checksum ?? null, computed, algorithm: ledger.algorithm },
    findings: [...file.findings],
    facts,
    evidence: null,
  };
}

function missingFile(row: LedgerRow, ledger: LedgerRead): Migration {
  return {
    id: row.name ?? row.key,
    name: row.name ?? row.key,
    version: row.key,
    orderKey: `~${row.key}`,
    state: "missing_file",
    file: null,
    ledgerRow: row,
    appliedAt: row.appliedAt,
    durationMs: row.durationMs,
    appliedBy: row.appliedBy,
    checksum: { recorded: row.checksum, computed: null, algorithm: ledger.algorithm },
    findings: [
      {
        code: "missing_file",
        severity: "error",
        provenance: "computed",
        message: `${ledger.table} records ${row.name ?? row.key} but no file in the source matches it`,
      },
    ],
    facts: [
      fact("state", "missing_file", "computed", `row ${row.key} in ${ledger.table}, no file`),
    ],
    evidence: null,
  };
}

/**
 * A pending file ordered before the newest applied one of its group (subfolders load on their
 * own): tools like drizzle silently skip it.
 */
function markOutOfOrder(migrations: Migration[]): void {
  const newest = new Map<string, Migration>();
  for (const migration of migrations) {
    if (!migration.file || !APPLIED_LIKE.includes(migration.state)) continue;
    const group = String(migration.file.meta.group ?? "");
    const current = newest.get(group);
    if (!current || migration.orderKey > current.orderKey) newest.set(group, migration);
  }
  for (const migration of migrations) {
    const latest = newest.get(String(migration.file?.meta.group ?? ""));
    if (migration.state !== "pending" || !latest || migration.orderKey > latest.orderKey) continue;
    migration.state = "out_of_order";
    migration.facts.push(fact("state", "out_of_order", "computed", `ordered before ${latest.id}`));
    migration.findings.push({
      code: "out_of_order",
      severity: "error",
      provenance: "computed",
      file: migration.file?.paths[0],
      message: `pending, but ordered before ${latest.id}, which is already applied; a tool that only runs newer migrations would skip it`,
    });
  }
}

function compareKeys(a: string, b: string): number {
  try {
    const diff = BigInt(a) - BigInt(b);
    return diff === 0n ? 0 : diff > 0n ? 1 : -1;
  } catch {
    return a.localeCompare(b);
  }
}

function fact(label: string, value: string, provenance: Fact["provenance"], from: string): Fact {
  return { label, value, provenance, from };
}

function short(checksum: string): string {
  return checksum.length > 16 ? `${checksum.slice(0, 12)}…` : checksum;
}
