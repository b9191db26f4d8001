import fs from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { homeTarget, migrationConfig } from "./demo-migrations";
import type { DemoDatabases } from "./prepare-databases";

const SHARED_OWNER = "the main system team";
const SHARED_NOTE =
  "Shared with the main system, read-only for the maintenance agent: schema changes are requested from its team (migrations/shared/, coordination required).";

/** Tables another team owns, per demo system: the Tables pages badge them. */
const PROTECTED_TABLES: Record<string, { table: string; owner: string; explanation: string }[]> = {
  "maintenance-agent": ["public.systems", "public.documents", "public.document_chunks"].map(
    (table) => ({ table, owner: SHARED_OWNER, explanation: SHARED_NOTE }),
  ),
};

/** Writes the demo's switchyard.yaml into the data directory and returns its path. */
export function writeDemoConfig(dataDir: string, databases: DemoDatabases): string {
  const file = path.join(dataDir, "switchyard.yaml");
  const document = {
    home: databases.homeUrl,
    targets: [
      ...databases.targets.map((target) => ({
        id: target.id,
        name: target.name,
        ...(target.fixture.kind === "postgres"
          ? { url: target.location }
          : { sqlite: target.location }),
        ...(target.fixture.queues ? { queues: target.fixture.queues } : {}),
        ...(target.fixture.migrations
          ? { migrations: migrationConfig(target.fixture.migrations) }
          : {}),
        ...(PROTECTED_TABLES[target.fixture.system]
          ? { protectedTables: PROTECTED_TABLES[target.fixture.system] }
          : {}),
      })),
      homeTarget(databases.homeUrl),
    ],
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(
    file,
    `# Written by \`npm run demo\` at every start; edit the demo script, not this file.\n${stringify(document)}`,
  );
  return file;
}
