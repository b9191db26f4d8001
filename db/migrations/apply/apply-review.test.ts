import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActionRefusal } from "@/db/actions/action-refusal";
import { migrateHome } from "@/db/migrate-home";
import { closeConnection } from "@/db/targets/connect";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { reconcileSource } from "../reconcile-source";
import { cancelReview } from "../reviews/cancel-review";
import { decideReview } from "../reviews/decide-review";
import type { ReviewContext } from "../reviews/review-context";
import { loadReview } from "../reviews/review-rows";
import {
  ADMIN,
  ADMIN2,
  approvedReview,
  checkedReview,
  reviewContext,
} from "../testing/review-fixture";
import { makeFolder, statesOf } from "../testing/source-fixture";
import { startApply } from "./apply-review";
import { settleInterruptedApplies } from "./settle-interrupted";

let database: TestDatabase;
let context: ReviewContext;
let folder: string;

beforeAll(async () => {
  database = await createTestDatabase("apply_review");
  await migrateHome(database.url);
  folder = makeFolder({
    "001_widgets.sql": "CREATE TABLE widgets (id int PRIMARY KEY);\n-- DOWN\nDROP TABLE widgets;\n",
    "002_colour.sql":
      "ALTER TABLE widgets ADD COLUMN colour text;\nCREATE INDEX widgets_colour ON widgets (colour);\n",
  });
  context = reviewContext(database.url, folder);
});

afterAll(async () => {
  await closeConnection(context.connection);
  await context.home.sql.end();
  await database.drop();
});

const states = async () =>
  statesOf(
    await reconcileSource(context.source, {
      targetId: "t",
      connection: context.connection,
      home: context.home.sql,
    }),
  );

const columnsOf = async (table: string) =>
  (
    await context.home.sql<{ column_name: string }[]>`
      select column_name from information_schema.columns
      where table_schema = 'public' and table_name = ${table} order by ordinal_position`
  ).map((row) => row.column_name);

const addFile = (name: string, sql: string) => fs.writeFileSync(path.join(folder, name), sql);
const removeFile = (name: string) => fs.rmSync(path.join(folder, name));

async function applyNow(reviewId: number, typed: string | null = null) {
  const started = await startApply(context, reviewId, ADMIN, typed);
  return started.done;
}

function applyInProcess(
  reviewId: number,
): Promise<{ ok: boolean; code?: string; message?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "test/apply-review-process.ts"],
      {
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          FOLDER: folder,
          REVIEW_ID: String(reviewId),
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.once("exit", () => {
      try {
        resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "{}"));
      } catch (error) {
        reject(new Error(`no result from the apply process: ${out} (${error})`));
      }
    });
  });
}

describe("applying an approved review", () => {
  it("runs each file in its own transaction, records it in the ledger, and the history says applied", async () => {
    const review = await approvedReview(context, "002_colour");
    expect(review.files.map((file) => file.migrationId)).toEqual(["001_widgets", "002_colour"]);
    const ended = await applyNow(review.id);
    expect(ended.state).toBe("applied");
    expect(ended.progress.map((run) => run.ok)).toEqual([true, true]);
    expect(ended.progress[1]?.statements.map((s) => s.status)).toEqual(["ok", "ok"]);
    expect(await columnsOf("widgets")).toEqual(["id", "colour"]);
    expect(await states()).toEqual({ "001_widgets": "applied", "002_colour": "applied" });
  });

  it("leaves nothing behind when a file fails halfway, and keeps the ledger as it was", async () => {
    addFile(
      "003_half.sql",
      "ALTER TABLE widgets ADD COLUMN size int;\nCREATE TABLE gadgets (id int);\nALTER TABLE no_such_table ADD COLUMN x int;\n",
    );
    try {
      const review = await approvedReview(context, "003_half");
      expect(review.overriddenFindings).toContain("003_half:3:dry-run-failed");
      const ended = await applyNow(review.id);
      expect(ended.state).toBe("failed");
      expect(ended.error).toMatch(/003_half failed at line 3 .*no_such_table/);
      expect(ended.error).toMatch(/rolled back/);
      expect(ended.progress[0]?.statements.map((s) => s.status)).toEqual(["ok", "ok", "failed"]);
      expect(await columnsOf("widgets")).toEqual(["id", "colour"]);
      expect(await columnsOf("gadgets")).toEqual([]);
      expect((await states())["003_half"]).toBe("pending");
    } finally {
      removeFile("003_half.sql");
    }
  });

  it("refuses an approval once a file changed, and says which", async () => {
    addFile("004_flag.sql", "ALTER TABLE widgets ADD COLUMN flag boolean;\n");
    try {
      const review = await approvedReview(context, "004_flag");
      addFile("004_flag.sql", "ALTER TABLE widgets DROP COLUMN colour;\n");
      const refusal = await startApply(context, review.id, ADMIN, null).catch((error) => error);
      expect(refusal).toBeInstanceOf(ActionRefusal);
      expect((refusal as ActionRefusal).code).toBe("approval_void");
      expect((refusal as ActionRefusal).message).toMatch(/004_flag changed since the review/);
      expect(await columnsOf("widgets")).toEqual(["id", "colour"]);
      expect((await loadReview(context.home.db, review.id)).state).toBe("approved");
    } finally {
      removeFile("004_flag.sql");
    }
  });

  it("applies once when two processes apply the same review at once; the other is told who holds it", async () => {
    addFile("005_slow.sql", "SELECT pg_sleep(1.5);\nCREATE TABLE once_only (id int);\n");
    try {
      const review = await approvedReview(context, "005_slow");
      const results = await Promise.all([applyInProcess(review.id), applyInProcess(review.id)]);
      const applied = results.filter((result) => result.ok);
      const refused = results.filter((result) => !result.ok);
      expect(applied).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]?.code).toMatch(/^(locked|conflict)$/);
      expect(refused[0]?.message).toMatch(
        /review #\d+ apply by admin|being applied by admin|applied by admin/,
      );
      expect(await columnsOf("once_only")).toEqual(["id"]);
      const ledger = await context.home.sql`
        select count(*)::int as n from switchyard.migration_ledger where migration_id = '005_slow'`;
      expect(ledger[0]?.n).toBe(1);
    } finally {
      removeFile("005_slow.sql");
    }
  });
});

describe("an empty migration file", () => {
  it("is part of the review, which says why it cannot be approved", async () => {
    addFile("010_empty.sql", "");
    try {
      const review = await checkedReview(context, "010_empty");
      expect(review.files.map((file) => file.migrationId)).toEqual(["010_empty"]);
      const decision = context.home.db.transaction((tx) =>
        decideReview(tx, context, review.id, ADMIN2, {
          approve: true,
          comment: "ok",
          overrides: [],
        }),
      );
      await expect(decision).rejects.toThrow(/does not parse: Query cannot be empty/);
      await context.home.db.transaction((tx) => cancelReview(tx, review.id, ADMIN, true));
    } finally {
      removeFile("010_empty.sql");
    }
  });
});

describe("a table locked by someone else", () => {
  it("is waited for at most lock_timeout per try, and the file is tried again", async () => {
    addFile("009_wait.sql", "ALTER TABLE widgets ADD COLUMN weight int;\n");
    const saved = context.target.apply;
    context.target.apply = { ...saved, lockTimeoutMs: 200, lockRetries: 4 };
    try {
      const review = await approvedReview(context, "009_wait");
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const locked = new Promise<void>((resolve) => {
        void context.home.sql.begin(async (tx) => {
          await tx`lock table widgets in access exclusive mode`;
          resolve();
          await held;
        });
      });
      await locked;
      const started = await startApply(context, review.id, ADMIN, null);
      setTimeout(release, 600);
      const ended = await started.done;
      expect(ended.state).toBe("applied");
      expect(ended.progress[0]?.attempts).toBeGreaterThan(1);
      expect(await columnsOf("widgets")).toContain("weight");
    } finally {
      context.target.apply = saved;
      removeFile("009_wait.sql");
    }
  });
});

describe("an apply interrupted by a crash", () => {
  it("is settled: files that committed are applied and recorded, the rest neither", async () => {
    addFile("006_fast.sql", "CREATE TABLE crash_a (id int);\n");
    addFile("007_slow.sql", "CREATE TABLE crash_b (id int);\nSELECT pg_sleep(4);\n");
    try {
      const review = await approvedReview(context, "007_slow");
      const child = spawn(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "test/apply-review-process.ts"],
        {
          env: {
            ...process.env,
            DATABASE_URL: database.url,
            FOLDER: folder,
            REVIEW_ID: String(review.id),
          },
          stdio: "ignore",
        },
      );
      for (let waited = 0; ; waited += 100) {
        const now = await loadReview(context.home.db, review.id);
        if (now.progress[1]?.statements[0]?.status === "ok") break;
        if (waited > 30_000) throw new Error("the apply made no progress");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
      // As if the crash came between 006's commit and its row in Switchyard's ledger.
      await context.home
        .sql`delete from switchyard.migration_ledger where migration_id = '006_fast'`;

      let settled: number[] = [];
      for (let waited = 0; settled.length === 0 && waited < 20_000; waited += 200) {
        settled = await settleInterruptedApplies(context.home, () => context);
        if (settled.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(settled).toEqual([review.id]);
      const ended = await loadReview(context.home.db, review.id);
      expect(ended.state).toBe("failed");
      expect(ended.error).toMatch(/applied and recorded: 006_fast/);
      expect(ended.error).toMatch(/Not applied and not recorded: 007_slow/);
      const after = await states();
      expect(after["006_fast"]).toBe("applied");
      expect(after["007_slow"]).toBe("pending");
      expect(await columnsOf("crash_b")).toEqual([]);
    } finally {
      removeFile("006_fast.sql");
      removeFile("007_slow.sql");
    }
  }, 60_000);
});

describe("rolling back", () => {
  it("runs the DOWN part of an applied migration and removes its ledger row", async () => {
    addFile(
      "008_temp.sql",
      "CREATE TABLE temp_things (id int);\n-- DOWN\nDROP TABLE temp_things;\n",
    );
    try {
      await applyNow((await approvedReview(context, "008_temp")).id);
      expect((await states())["008_temp"]).toBe("applied");
      const rollback = await approvedReview(context, "008_temp", "rollback");
      expect(rollback.files[0]?.sql).toMatch(/DROP TABLE temp_things/);
      const ended = await applyNow(rollback.id, "t");
      expect(ended.state).toBe("applied");
      expect(await columnsOf("temp_things")).toEqual([]);
      expect((await states())["008_temp"]).toBe("pending");
    } finally {
      removeFile("008_temp.sql");
    }
  });
});
