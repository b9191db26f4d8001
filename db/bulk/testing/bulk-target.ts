import { and, eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { connectHome, type HomeDatabase } from "../../connect-home";
import type { JobAction } from "../../jobs/job-action";
import type { JobSource } from "../../jobs/job-source";
import { migrateHome } from "../../migrate-home";
import { bulkOperationBatches, bulkOperations } from "../../schema";
import { discoverSystems } from "../../systems/discover";
import { readSql } from "../../systems/fixture";
import { instanceOf, sourceOf } from "../../systems/testing/adapter-harness";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { createOperation } from "../create-operation";
import { snapshotScope } from "../scope";

/**
 * A test database that is both Switchyard's home and a Coach Artie target whose every job write
 * is logged (job_writes), so a bulk test can tell how many times each job was written.
 */
export interface BulkTarget {
  database: TestDatabase;
  home: HomeDatabase;
  connection: PostgresConnection;
  source: JobSource;
  retry: JobAction;
  /** Empties the queue and fills it with `jobs` failed jobs of queue "bulk". */
  refill(jobs?: number): Promise<void>;
  /** A bulk retry of every failed job of queue "bulk", as the preview would record it. */
  newOperation(batchSize?: number): Promise<string>;
  operation(id: string): Promise<typeof bulkOperations.$inferSelect>;
  batchesOf(id: string): Promise<(typeof bulkOperationBatches.$inferSelect)[]>;
  /** [jobs written on the target, jobs written more than once]. */
  writes(): Promise<[number, number]>;
  /** A worker died holding this batch: its lease lapses (as 15 s without a heartbeat would). */
  lapse(id: string, batch: number): Promise<void>;
  close(): Promise<void>;
}

export async function setUpBulkTarget(label: string): Promise<BulkTarget> {
  const database = await createTestDatabase(label);
  await migrateHome(database.url);
  const home = connectHome(database.url, 4);
  const connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 4 });
  await connection.sql.unsafe(
    readSql(new URL("../../systems/coach-artie/fixture/", import.meta.url).href, "schema.sql"),
  );
  await connection.sql.unsafe(`
    create table job_writes (id uuid not null, status text not null);
    create function log_job_write() returns trigger language plpgsql as $$
      begin insert into job_writes values (new.id, new.status); return new; end $$;
    create trigger log_job_write after update on queue
      for each row execute function log_job_write();`);
  const source = sourceOf(
    instanceOf(await discoverSystems(testTarget({ url: database.url }), connection), "coach-artie"),
    "queue",
  );
  const retry = source.actions?.supported.find((action) => action.code === "retry");
  if (!retry) throw new Error("no retry");

  return {
    database,
    home,
    connection,
    source,
    retry,
    refill: async (jobs = 120) => {
      await home.db.delete(bulkOperations);
      await connection.sql`truncate queue, job_writes`;
      await connection.sql`
        insert into queue (status, task_type, error_message)
        select 'failed', 'bulk', 'HTTP 503' from generate_series(1, ${jobs})`;
    },
    newOperation: async (batchSize = 50) => {
      const items = await snapshotScope(
        connection,
        source,
        retry,
        { queue: "bulk", filter: {} },
        50_000,
      );
      return createOperation(home.db, {
        target: "t",
        system: "coach-artie",
        source: "queue",
        queue: "bulk",
        action: "retry",
        scope: { filter: {} },
        items,
        createdBy: "tester",
        reason: null,
        batchSize,
        pauseMs: 0,
      });
    },
    operation: async (id) => {
      const [row] = await home.db.select().from(bulkOperations).where(eq(bulkOperations.id, id));
      if (!row) throw new Error(`no operation ${id}`);
      return row;
    },
    batchesOf: async (id) => {
      const rows = await home.db
        .select()
        .from(bulkOperationBatches)
        .where(eq(bulkOperationBatches.operationId, id));
      return rows.sort((a, b) => a.batch - b.batch);
    },
    writes: async () => {
      const [row] = (await connection.sql`
        select count(*)::int as jobs, count(*) filter (where n > 1)::int as twice
        from (select id, count(*) as n from job_writes group by id) per_job`) as unknown as [
        { jobs: number; twice: number },
      ];
      return [row.jobs, row.twice];
    },
    lapse: async (id, batch) => {
      await home.db
        .update(bulkOperationBatches)
        .set({ leaseExpiresAt: new Date(Date.now() - 1_000) })
        .where(
          and(eq(bulkOperationBatches.operationId, id), eq(bulkOperationBatches.batch, batch)),
        );
    },
    close: async () => {
      await closeConnection(connection);
      await home.sql.end();
      await database.drop();
    },
  };
}
