import fs from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { homeTarget, migrationConfig } from "./demo-migrations";
import type { DemoDatabases } from "./prepare-databases";

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
