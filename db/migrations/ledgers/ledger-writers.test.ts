import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectHome, type HomeDatabase } from "@/db/connect-home";
import { migrateHome } from "@/db/migrate-home";
import { closeConnection, connectPostgres, type PostgresConnection } from "@/db/targets/connect";
import { LEDGER_ALGORITHM } from "@/lib/migrations/checksum";
import type { LedgerKind } from "@/lib/migrations/model";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { reconcileSource } from "../reconcile-source";
import {
  appliedFile,
  filesOf,
  inLedgerTransaction,
  TARGET_ID,
  writeContext,
} from "../testing/ledger-writes";
import { makeFolder, sourceConfig, statesOf } from "../testing/source-fixture";
import { WRITER_CASES, type WriterCase } from "../testing/writer-cases";
import { tableLabel } from "./ledger-reader";
import type { LedgerWriteContext, LedgerWriter } from "./ledger-writer";
import { LEDGER_WRITERS } from "./ledger-writers";
import { ledgerTableOf } from "./read-ledger";

let database: TestDatabase;
let connection: PostgresConnection;
let home: HomeDatabase;

beforeAll(async () => {
  database = await createTestDatabase("ledger_writers");
  await migrateHome(database.url);
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
  home = connectHome(database.url, 2);
  await connection.sql`CREATE SCHEMA "Ops"`;
});

afterAll(async () => {
  await home.sql.end({ timeout: 2 });
  await closeConnection(connection);
  await database.drop();
});

type Work = (writer: LedgerWriter, context: LedgerWriteContext) => Promise<void>;

/** One transaction where the ledger lives: the target's, or the home database's for Switchyard's. */
function inTransaction(c: WriterCase, work: Work): Promise<void> {
  const source = sourceOf(c);
  if (c.kind !== "switchyard") return inLedgerTransaction(connection.sql, source, work, home.db);
  return home.db.transaction((tx) =>
    work(
      LEDGER_WRITERS.switchyard,
      writeContext(source, { kind: "postgres", sql: connection.sql }, tx),
    ),
  );
}

const folders = new Map<LedgerKind, string>();
function sourceOf(c: WriterCase) {
  const folder = folders.get(c.kind) ?? makeFolder(c.files);
  folders.set(c.kind, folder);
  return sourceConfig(folder, c.layout, { id: c.kind, ledger: { kind: c.kind, table: c.table } });
}

const reconcile = (c: WriterCase) =>
  reconcileSource(sourceOf(c), { targetId: TARGET_ID, connection, home: connection.sql });

describe.each(WRITER_CASES)("the $kind writer", (c) => {
  it("writes on the file's transaction only: an aborted apply leaves no table and no row", async () => {
    const [first] = filesOf(sourceOf(c));
    if (!first) throw new Error("no files");
    const aborted = inTransaction(c, async (writer, context) => {
      await writer.ensureTable(context);
      await writer.recordApplied(context, appliedFile(first));
      throw new Error("the file failed");
    });
    await expect(aborted).rejects.toThrow("the file failed");
    const report = await reconcile(c);
    expect(report.ledger.present).toBe(c.kind === "switchyard");
    expect(Object.values(statesOf(report))).toEqual(["pending", "pending"]);
  });

  it("writes rows the reader finds applied, with the tool's checksum; rollback makes the last pending", async () => {
    const files = filesOf(sourceOf(c));
    const [first, last] = files;
    if (!first || !last) throw new Error("two files expected");
    await inTransaction(c, (writer, context) => writer.ensureTable(context));
    await inTransaction(c, async (writer, context) => {
      await writer.ensureTable(context);
      for (const file of files) await writer.recordApplied(context, appliedFile(file));
    });

    const report = await reconcile(c);
    const table = tableLabel(ledgerTableOf(sourceOf(c).ledger));
    expect(report.ledger).toEqual({ kind: c.kind, table, present: true });
    expect(statesOf(report)).toEqual({ [first.id]: "applied", [last.id]: "applied" });
    if (LEDGER_ALGORITHM[c.kind] !== "none") {
      for (const migration of report.migrations) {
        expect(migration.checksum.computed).toMatch(/^-?[0-9a-f]+$/);
        expect(migration.checksum.recorded?.toLowerCase()).toBe(migration.checksum.computed);
      }
    }
    const raw = report.migrations.flatMap((m) => (m.ledgerRow ? [m.ledgerRow.raw] : []));
    expect(raw).toMatchObject(c.rows);
    const [read] = report.migrations;
    expect({
      appliedAt: read?.appliedAt?.toISOString(),
      durationMs: read?.durationMs,
      appliedBy: read?.appliedBy,
    }).toMatchObject(c.first ?? {});

    await inTransaction(c, (writer, context) => writer.recordRolledBack(context, last, first));
    expect(statesOf(await reconcile(c))).toEqual({ [first.id]: "applied", [last.id]: "pending" });
    const again = inTransaction(c, (writer, context) =>
      writer.recordRolledBack(context, last, first),
    );
    await expect(again).rejects.toMatchObject({ code: "ledger_row_missing" });
  });
});
