import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { connectHome, type HomeDatabase } from "./connect-home";
import { migrateHome } from "./migrate-home";
import { keyFor, loadServerSecret } from "./server-secret";

let database: TestDatabase;
const instances: HomeDatabase[] = [];

beforeAll(async () => {
  database = await createTestDatabase("server_secret");
  await migrateHome(database.url);
  instances.push(connectHome(database.url, 2), connectHome(database.url, 2));
});
afterAll(async () => {
  for (const instance of instances) await instance.sql.end();
  await database.drop();
});

describe("the server secret", () => {
  it("is created once, and instances starting together all get the same one", async () => {
    const [first, second] = instances as [HomeDatabase, HomeDatabase];
    const secrets = await Promise.all([
      loadServerSecret(first.db),
      loadServerSecret(second.db),
      loadServerSecret(first.db),
      loadServerSecret(second.db),
    ]);
    expect(secrets[0]).toHaveLength(32);
    for (const secret of secrets) expect(secret.equals(secrets[0] as Buffer)).toBe(true);
    const rows = await first.sql`select key from switchyard.settings`;
    expect(rows.map((row) => row.key)).toEqual(["server_secret"]);
    // Later reads (a restart) find the same secret.
    expect((await loadServerSecret(second.db)).equals(secrets[0] as Buffer)).toBe(true);
  });

  it("gives each purpose its own key", async () => {
    const secret = await loadServerSecret((instances[0] as HomeDatabase).db);
    const cursor = keyFor(secret, "cursor");
    expect(cursor).toHaveLength(32);
    expect(cursor.equals(keyFor(secret, "outage-pass"))).toBe(false);
    expect(cursor.equals(secret)).toBe(false);
  });
});
