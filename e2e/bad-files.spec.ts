import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { expect, test } from "@playwright/test";
import { type ExtraServer, startExtraServer } from "./support/extra-server";
import { extraPort } from "./support/ports";

/**
 * Bad files and bad rows on a second server: a migration source whose folder is missing, one
 * whose folder holds a non-UTF-8 file, a file PostgreSQL cannot parse and a link to nothing, and
 * a queue table with NULL in its required columns. Each is said on its own page; the rest of the
 * console works.
 */
test.describe("bad files and bad rows", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-bad-files-"));
  const folder = path.join(dir, "migrations");
  let server: ExtraServer;

  test.beforeAll(async () => {
    // A production server starting on a shared two-core machine can take most of a minute.
    test.setTimeout(90_000);
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, "001_ok.sql"), "CREATE TABLE shaky_a (id int);\n");
    fs.writeFileSync(
      path.join(folder, "002_latin1.sql"),
      Buffer.concat([Buffer.from("CREATE TABLE menu (id int);\n-- caf"), Buffer.from([0xe9])]),
    );
    fs.writeFileSync(path.join(folder, "003_typo.sql"), "CREATE TABLE b (id int);\nSELEC 1;\n");
    fs.symlinkSync(path.join(dir, "nowhere.sql"), path.join(folder, "004_gone.sql"));

    const database = path.join(dir, "shaky.db");
    const sqlite = createClient({ url: `file:${database}` });
    await sqlite.executeMultiple(`
      create table loose (id integer, state text, created_at text);
      insert into loose values (1, 'new', '2026-01-01 01:00:00'), (null, 'new', '2026-01-01 02:00:00'),
        (3, null, '2026-01-01 03:00:00'), (4, 'new', null), (5, 'done', '2026-01-01 05:00:00');`);
    sqlite.close();

    server = await startExtraServer(extraPort(8), (config) => {
      const targets = config.targets as Record<string, unknown>[];
      const billing = targets.find((target) => target.id === "billing");
      if (!billing) throw new Error("no billing target in the e2e config");
      billing.migrations = [
        { id: "gone", name: "Gone", folder: path.join(dir, "nope"), layout: "numbered" },
        { id: "shaky", name: "Shaky", folder, layout: "numbered" },
      ];
      targets.push({
        id: "shaky",
        name: "Shaky rows",
        sqlite: database,
        queues: [
          {
            id: "loose",
            table: "loose",
            idColumn: "id",
            stateColumn: "state",
            states: { new: "waiting", done: "succeeded" },
            createdAt: "created_at",
          },
        ],
      });
    });
  });

  test.afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("each problem is said on its own page, and the rest of the console works", async ({
    page,
  }) => {
    await page.goto(`${server.url}/`);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByRole("link", { name: "calculate", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "loose", exact: true })).toBeVisible();

    await page.goto(`${server.url}/migrations`);
    const gone = page.getByRole("region", { name: "Gone", exact: true });
    await expect(gone).toContainText(`the folder ${path.join(dir, "nope")} does not exist`);
    const shaky = page.getByRole("region", { name: "Shaky", exact: true });
    await expect(shaky).toContainText(
      "002_latin1.sql is not valid UTF-8 (byte 0xe9 at line 2, column 7): PostgreSQL would refuse it",
    );
    await expect(shaky).toContainText(
      'PostgreSQL cannot parse it: syntax error at or near "SELEC" (line 2, column 1 of its SQL)',
    );
    await expect(shaky).toContainText("004_gone.sql cannot be read (ENOENT");
    await expect(shaky.getByRole("link", { name: "001_ok", exact: true })).toBeVisible();
    // The other sources on the page are untouched.
    await expect(page.getByText("cannot be read")).toHaveCount(1);
    await expect(page.getByText("is not valid UTF-8")).toHaveCount(1);

    await page.goto(`${server.url}/queues/shaky/generic/loose`);
    const alert = page.getByRole("alert").filter({ hasText: "lack a value every job should have" });
    await expect(alert).toContainText("1 job has no id (NULL in id): left out of the list below");
    await expect(alert).toContainText(
      "1 job has no state (NULL in state): counted and listed as unknown",
    );
    await expect(alert).toContainText(
      "1 job has no creation time (NULL in created_at): listed last",
    );
    await expect(page.getByRole("link", { name: "3", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "4", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "null", exact: true })).toHaveCount(0);

    // Only the affected pages say so.
    await page.goto(`${server.url}/queues/coach-artie/coach-artie/calculate`);
    await expect(page.getByRole("heading", { level: 1, name: "calculate" })).toBeVisible();
    await expect(page.getByText("lack a value every job should have")).toHaveCount(0);
    await page.goto(`${server.url}/stuck`);
    await expect(page.getByRole("heading", { level: 1, name: "Stuck tasks" })).toBeVisible();
  });
});
