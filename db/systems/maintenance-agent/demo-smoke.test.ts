import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_STUCK_CONFIG } from "@/lib/config/stuck-schema";
import { resolveThreshold } from "@/lib/stuck/resolve-threshold";
import type { StuckCode } from "@/lib/stuck/stuck-codes";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { countStates } from "../../jobs/count-states";
import { getJobRecord } from "../../jobs/get-job";
import { findStuck } from "../../stuck/find-stuck";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { maintenanceAgentAdapter } from "./adapter";
import { maintenanceAgentFixture } from "./fixture";
import { maintenanceAgentStuck } from "./fixture/stuck-tasks";

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("maintenance_agent_demo");
  connection = connectPostgres(database.url, { statementTimeoutMs: 15_000, poolSize: 2 });
  await maintenanceAgentFixture.load(connection);
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  if (database) await database.drop();
});

describe("maintenance-agent on the demo data", () => {
  it("counts every row and explains the seeded stuck rows", async () => {
    const instance = instanceOf(
      await discoverSystems(testTarget({ url: database.url }), connection, [
        maintenanceAgentAdapter,
      ]),
      "maintenance-agent",
    );
    const memory = sourceOf(instance, "memory");
    const review = sourceOf(instance, "review");

    const memoryCounts = (await countStates(connection, memory, ["system-processing"])).get(
      "system-processing",
    );
    const reviewCounts = (await countStates(connection, review, ["review"])).get("review");
    const [truth] = await connection.sql<{ memory: number; tasks: number }[]>`
      select (select count(*)::int from maintenance_agent_memory) as memory,
             (select count(*)::int from maintenance_tasks_queue) as tasks`;
    const total = (counts: Record<string, number> | undefined) =>
      Object.values(counts ?? {}).reduce((sum, n) => sum + n, 0);
    expect(total(memoryCounts?.counts)).toBe(truth?.memory);
    expect(memoryCounts?.counts.unknown).toBe(0);
    expect(total(reviewCounts?.counts)).toBe(truth?.tasks);
    expect(reviewCounts?.counts.unknown).toBe(0);

    for (const stuck of maintenanceAgentStuck.memory) {
      const job = await getJobRecord(connection, memory, stuck.id);
      expect(job).toMatchObject({ state: "running", type: stuck.stage });
      const explanation = job
        ? await maintenanceAgentAdapter.explain?.(connection, instance.detection, job)
        : undefined;
      expect(
        explanation?.facts.find((fact) => fact.label === "Last write (updated_at)")?.tone,
      ).toBe("warning");
    }

    const task = await getJobRecord(
      connection,
      review,
      maintenanceAgentStuck.tasks.missingDocument,
    );
    const explanation = task
      ? await maintenanceAgentAdapter.explain?.(connection, instance.detection, task)
      : undefined;
    expect(explanation?.facts.find((fact) => fact.label === "Source document")).toMatchObject({
      value: expect.stringContaining(maintenanceAgentStuck.missingDocId),
      tone: "danger",
    });

    const duplicate = await getJobRecord(
      connection,
      review,
      maintenanceAgentStuck.tasks.duplicateReview,
    );
    const related = duplicate
      ? (await maintenanceAgentAdapter.explain?.(connection, instance.detection, duplicate))
          ?.related
      : undefined;
    expect(related).toMatchObject([{ relation: "duplicate of", state: "approved" }]);
  });

  it("finds the seeded stuck rows with the agent's own thresholds", async () => {
    const instance = instanceOf(
      await discoverSystems(testTarget({ url: database.url }), connection, [
        maintenanceAgentAdapter,
      ]),
      "maintenance-agent",
    );
    const threshold = (code: StuckCode, queue: string) =>
      resolveThreshold(code, "maintenance-agent", queue, {
        systemDefaults: maintenanceAgentAdapter.stuckThresholds ?? {},
        config: EMPTY_STUCK_CONFIG,
        settings: [],
      }).seconds;
    const memory = await findStuck(
      connection,
      sourceOf(instance, "memory"),
      ["system-processing"],
      threshold,
    );
    // Exactly the three runs the demo seeds as abandoned; the live ones write every second.
    expect(
      memory.jobs
        .filter((job) => job.code === "heartbeat_stale")
        .map((job) => [job.jobId, job.explanation]),
    ).toEqual(
      [
        [maintenanceAgentStuck.memory[1], "2 d 4 h"],
        [maintenanceAgentStuck.memory[0], "6 h 12 min"],
        [maintenanceAgentStuck.memory[2], "52 min"],
      ].map(([row, silence]) => {
        const { id, stage } = row as (typeof maintenanceAgentStuck.memory)[number];
        return [
          id,
          `in_progress at stage ${stage}, but nothing has written the row for ${silence} (updated_at, its only sign of life); threshold 15 min`,
        ];
      }),
    );
    // The review queue's oldest pending tasks are the three the demo seeds, oldest first.
    const review = await findStuck(connection, sourceOf(instance, "review"), ["review"], threshold);
    expect(review.jobs.slice(0, 3).map((job) => [job.jobId, job.code, job.explanation])).toEqual([
      [
        maintenanceAgentStuck.tasks.forgotten,
        "waiting_too_long",
        "pending review for 41 d 3 h (confidence 0.41); threshold 7 d",
      ],
      [
        maintenanceAgentStuck.tasks.duplicateReview,
        "waiting_too_long",
        "pending review for 19 d 6 h (confidence 0.86; duplicate check needs_review); threshold 7 d",
      ],
      [
        maintenanceAgentStuck.tasks.missingDocument,
        "waiting_too_long",
        "pending review for 12 d 2 h (confidence 0.81); threshold 7 d",
      ],
    ]);
  });
});
