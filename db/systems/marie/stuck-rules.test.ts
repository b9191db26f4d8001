import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, type StuckCode } from "@/lib/stuck/stuck-codes";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import type { JobSource } from "../../jobs/job-source";
import { findStuck, rulesOf, type StuckJob, stuckReasonsOf } from "../../stuck/find-stuck";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { readSql } from "../fixture";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { marieAdapter } from "./adapter";
import { marieFixture } from "./fixture";
import { DAG_LIVE, id } from "./test-data";

const S = "sched_stuck";
const byDefault = (code: StuckCode) => DEFAULT_THRESHOLDS[code];
const ago = (text: string) => `now() - interval '${text}'`;
const ahead = (text: string) => `now() + interval '${text}'`;

async function marieSource(connection: PostgresConnection, url: string): Promise<JobSource> {
  return sourceOf(
    instanceOf(await discoverSystems(testTarget({ url }), connection, [marieAdapter]), "marie"),
    "job",
  );
}

/** Stuck jobs of one rule: id → explanation. */
function ofRule(jobs: readonly StuckJob[], code: StuckCode): Record<string, string> {
  return Object.fromEntries(
    jobs.filter((job) => job.code === code).map((job) => [job.jobId, job.explanation]),
  );
}

/** One job row; `columns` are SQL expressions by column name, over quiet defaults. */
function jobRow(n: number, queue: string, columns: Record<string, string>): string {
  const all: Record<string, string> = {
    id: `'${id(n)}'`,
    name: `'${queue}'`,
    dag_id: `'${DAG_LIVE}'`,
    retry_limit: "2",
    expire_in: "interval '1 hour'",
    created_on: ago("4 hours"),
    start_after: ago("4 hours"),
    ...columns,
  };
  return `insert into ${S}.job (${Object.keys(all).join(", ")}) values (${Object.values(all).join(", ")});`;
}

const leases = (owner: string, lease: string | null, run: string | null) => ({
  state: "'active'",
  started_on: ago("20 minutes"),
  ...(lease === null ? {} : { lease_owner: `'${owner}'`, lease_expires_at: lease }),
  ...(run === null ? {} : { run_owner: `'${owner}'`, run_lease_expires_at: run }),
});

const ROWS = [
  // lease_expired: the acquisition lease, the run lease, both; twins: both valid, one within grace.
  jobRow(1, "extract", leases("worker-7@gpu-node-3", ago("5 minutes"), ahead("3 minutes"))),
  jobRow(2, "extract", leases("worker-2@gpu-node-1", null, ago("7 minutes"))),
  jobRow(3, "extract", leases("worker-3@gpu-node-2", ago("9 minutes"), ago("4 minutes"))),
  jobRow(11, "extract", leases("worker-1@gpu-node-1", ahead("20 seconds"), ahead("4 minutes"))),
  jobRow(12, "extract", leases("worker-1@gpu-node-1", ago("30 seconds"), ahead("4 minutes"))),
  // running_too_long: 2 h 45 min past a 15-minute expire_in; twin: 40 min running, 25 min past
  // it (the role rule, from started_on, would take it).
  jobRow(4, "extract", {
    ...leases("worker-4@gpu-node-2", ahead("25 seconds"), null),
    started_on: ago("3 hours"),
    expire_in: "interval '15 minutes'",
  }),
  jobRow(13, "extract", {
    ...leases("worker-4@gpu-node-2", ahead("25 seconds"), null),
    started_on: ago("40 minutes"),
    expire_in: "interval '15 minutes'",
  }),
  // dependency_failed: upstreams failed 12 min ago, cancelled (created 8 min ago, no finish time),
  // expired (deadline 45 min ago, no finish time); twins wait on an active and a completed one.
  jobRow(5, "extract", {
    state: "'failed'",
    started_on: ago("13 minutes"),
    completed_on: ago("12 minutes"),
    output: `'{"error": "PDFSyntaxError: No /Root object!"}'`,
  }),
  jobRow(6, "extract", { state: "'cancelled'", created_on: ago("8 minutes") }),
  jobRow(7, "extract", {
    state: "'expired'",
    started_on: ago("1 hour"),
    expire_in: "interval '15 minutes'",
  }),
  jobRow(16, "extract", { state: "'completed'", completed_on: ago("1 minute") }),
  jobRow(8, "classify", { state: "'created'" }),
  jobRow(9, "classify", { state: "'retry'", retry_count: "1" }),
  jobRow(14, "classify", { state: "'created'" }),
  jobRow(15, "classify", { state: "'created'" }),
  `insert into ${S}.job_dependencies (job_name, job_id, depends_on_name, depends_on_id) values
     ('classify', '${id(8)}', 'extract', '${id(5)}'),
     ('classify', '${id(8)}', 'extract', '${id(6)}'),
     ('classify', '${id(9)}', 'extract', '${id(7)}'),
     ('classify', '${id(14)}', 'extract', '${id(11)}'),
     ('classify', '${id(15)}', 'extract', '${id(16)}');`,
  // retry_overdue: in retry with retry_count 0 (current Marie counts a retry when it activates the
  // job again), and created after a reset with retry_count 1; twins: a retry due 2 min ago, and a
  // first attempt due 3 h ago (waiting too long, but no retry).
  jobRow(17, "extract", { state: "'retry'", start_after: ago("3 hours") }),
  jobRow(18, "extract", { state: "'created'", retry_count: "1", start_after: ago("20 minutes") }),
  jobRow(19, "extract", { state: "'retry'", retry_count: "1", start_after: ago("2 minutes") }),
  jobRow(20, "extract", { state: "'created'", start_after: ago("3 hours") }),
  // retries_exhausted: failed after 2 of 2 retries 20 min ago, expired after 2 of 2 (deadline
  // 45 min ago); twin: failed at once on a permanent error (0 of 2).
  jobRow(21, "classify", {
    state: "'failed'",
    retry_count: "2",
    started_on: ago("21 minutes"),
    completed_on: ago("20 minutes"),
  }),
  jobRow(22, "classify", {
    state: "'expired'",
    retry_count: "2",
    started_on: ago("1 hour"),
    expire_in: "interval '15 minutes'",
  }),
  jobRow(23, "classify", {
    state: "'failed'",
    started_on: ago("6 minutes"),
    completed_on: ago("5 minutes"),
  }),
];

describe("marie stuck rules on rows built to trip them (and their healthy twins)", () => {
  let database: TestDatabase;
  let connection: PostgresConnection;
  let source: JobSource;
  let stuck: StuckJob[];

  beforeAll(async () => {
    database = await createTestDatabase("marie_stuck");
    connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
    await connection.sql.unsafe(`
      ${readSql(new URL("./fixture/", import.meta.url).href, "schema.sql", S)}
      select ${S}.create_queue('extract', '{}');
      select ${S}.create_queue('classify', '{}');
      insert into ${S}.dag (id, name, state) values ('${DAG_LIVE}', 'extract-CLM-1', 'active');
      ${ROWS.join("\n")}`);
    source = await marieSource(connection, database.url);
    stuck = (await findStuck(connection, source, ["extract", "classify"], byDefault, 1000)).jobs;
  });

  afterAll(async () => {
    if (connection) await closeConnection(connection);
    await database?.drop();
  });

  it("replaces the role rules Marie knows better, and keeps waiting_too_long", () => {
    expect(rulesOf(connection, source).map((rule) => rule.code)).toEqual([
      "waiting_too_long",
      "lease_expired",
      "running_too_long",
      "dependency_failed",
      "retry_overdue",
      "retries_exhausted",
    ]);
  });

  it("checks one job alone the way the whole scan does (the job page)", async () => {
    const reasons = await stuckReasonsOf(
      connection,
      source,
      { id: id(3), queue: "extract" },
      byDefault,
    );
    expect(reasons.map((reason) => [reason.code, reason.explanation])).toEqual(
      stuck.filter((job) => job.jobId === id(3)).map((job) => [job.code, job.explanation]),
    );
    expect(reasons.length).toBeGreaterThan(0);
    const healthy = await stuckReasonsOf(
      connection,
      source,
      { id: id(11), queue: "extract" },
      byDefault,
    );
    expect(stuck.some((job) => job.jobId === id(11))).toBe(false);
    expect(healthy).toEqual([]);
  });

  it("lease_expired: either lease of an active job, past a minute's grace, saying which", () => {
    expect(ofRule(stuck, "lease_expired")).toEqual({
      [id(1)]:
        "still active, but its lease (held by worker-7@gpu-node-3) expired 5 min ago; grace 1 min",
      [id(2)]:
        "still active, but its run lease (held by worker-2@gpu-node-1) expired 7 min ago; grace 1 min",
      [id(3)]:
        "still active, but its lease (held by worker-3@gpu-node-2) expired 9 min ago and its run lease (held by worker-3@gpu-node-2) expired 4 min ago; grace 1 min",
    });
    const found = stuck.find((job) => job.jobId === id(3) && job.code === "lease_expired");
    expect(found?.suggestedAction).toBe("release_lease");
    expect(found?.rawState).toBe("active");
  });

  it("running_too_long: measured from the job's own deadline, started_on + expire_in", () => {
    expect(ofRule(stuck, "running_too_long")).toEqual({
      [id(4)]:
        "running for 3 h, 2 h 45 min past its expire_in of 15 min, and Marie's monitor has not expired it; threshold 30 min past expire_in",
    });
    const found = stuck.find((job) => job.code === "running_too_long");
    expect(found?.thresholdSeconds).toBe(30 * 60);
    expect(found?.suggestedAction).toBe("retry");
  });

  it("dependency_failed: names the upstream that ended first, its queue and its state", () => {
    expect(ofRule(stuck, "dependency_failed")).toEqual({
      [id(8)]:
        `depends on job ${id(5)} (extract), failed 12 min ago: Marie starts a job only after all its upstreams completed; 1 more upstream has failed or been cancelled`,
      [id(9)]:
        `depends on job ${id(7)} (extract), expired 45 min ago: Marie starts a job only after all its upstreams completed`,
    });
    const found = stuck.find((job) => job.jobId === id(9) && job.code === "dependency_failed");
    expect([found?.rawState, found?.queue, found?.suggestedAction]).toEqual([
      "retry",
      "classify",
      "cancel",
    ]);
  });

  it("retry_overdue: a retry state or a retry count, due long ago, not picked up", () => {
    expect(ofRule(stuck, "retry_overdue")).toEqual({
      [id(17)]: "due again 3 h ago and not picked up (retry_count 0 of 2); threshold 10 min",
      [id(18)]: "due again 20 min ago and not picked up (retry_count 1 of 2); threshold 10 min",
    });
    // The first attempt due 3 h ago is waiting too long, not a retry.
    expect(Object.keys(ofRule(stuck, "waiting_too_long"))).toContain(id(20));
  });

  it("retries_exhausted: retries, not attempts, and an expired job ended at its deadline", () => {
    expect(ofRule(stuck, "retries_exhausted")).toEqual({
      [id(21)]: "failed 20 min ago after 2 of 2 retries: Marie will not pick it up again",
      [id(22)]: "expired 45 min ago after 2 of 2 retries: Marie will not pick it up again",
    });
  });
});

/** The demo's seeded stuck jobs, each under the rule it was seeded for. */
describe("marie stuck rules on the demo install", () => {
  let database: TestDatabase;
  let connection: PostgresConnection;

  beforeAll(async () => {
    database = await createTestDatabase("marie_stuck_demo");
    connection = connectPostgres(database.url, { statementTimeoutMs: 30_000, poolSize: 2 });
    await marieFixture.load(connection);
  });

  afterAll(async () => {
    if (connection) await closeConnection(connection);
    await database?.drop();
  });

  it("finds every seeded stuck job under its own rule", async () => {
    const source = await marieSource(connection, database.url);
    const queues = ["classify", "extract", "gen5_extract", "notify"];
    const { jobs } = await findStuck(connection, source, queues, byDefault, 5000);
    const seeded = await connection.sql<{ ref: string; id: string }[]>`
      select data->'metadata'->>'ref_id' as ref, id::text as id from marie_scheduler.job
      where data->'metadata'->>'ref_id' like 'STUCK-%'`;
    const codesOf = (ref: string) => {
      const jobId = seeded.find((row) => row.ref === ref)?.id;
      return jobs.filter((job) => job.jobId === jobId).map((job) => job.code);
    };
    expect(codesOf("STUCK-LEASE-EXPIRED")).toContain("lease_expired");
    expect(codesOf("STUCK-RUN-LEASE-EXPIRED")).toContain("lease_expired");
    expect(codesOf("STUCK-PAST-EXPIRE-IN")).toEqual(["running_too_long"]);
    expect(codesOf("STUCK-RETRY-OVERDUE")).toContain("retry_overdue");
    expect(codesOf("STUCK-WAITING-TOO-LONG")).toEqual(["waiting_too_long"]);
    expect(codesOf("STUCK-DEPENDENCY-FAILED")).toEqual(["dependency_failed"]);
    expect(codesOf("STUCK-RETRIES-EXHAUSTED")).toEqual(["retries_exhausted"]);
  });
});
