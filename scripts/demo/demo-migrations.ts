import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { HOME_LEDGER } from "@/db/home-ledger";
import type { DemoMigrationSource } from "@/db/systems/fixture";
import type { DemoTarget } from "./prepare-databases";

/** A fixture's migration sources as `migrations:` entries of switchyard.yaml. */
export function migrationConfig(sources: readonly DemoMigrationSource[]) {
  return sources.map((source) => ({
    id: source.id,
    name: source.name,
    folder: fileURLToPath(source.folder),
    layout: source.layout,
    ...(source.schema ? { schema: source.schema } : {}),
    ...(source.subfolders ? { subfolders: source.subfolders } : {}),
    ...(source.readOnly ? { readOnly: true } : {}),
    ...(source.sequenceInVersion ? { sequenceInVersion: true } : {}),
    ...(source.installMarker ? { installMarker: source.installMarker } : {}),
  }));
}

/** The home database as a target: Switchyard's own drizzle/ folder and its ledger. */
export function homeTarget(homeUrl: string) {
  return {
    id: "switchyard",
    name: "Switchyard (home database)",
    url: homeUrl,
    detect: false,
    readOnly: true,
    migrations: [
      {
        id: "drizzle",
        name: "Switchyard's own schema (drizzle/)",
        folder: path.resolve("drizzle"),
        layout: "drizzle",
        ledger: { kind: "drizzle", table: `${HOME_LEDGER.schema}.${HOME_LEDGER.table}` },
      },
    ],
  };
}

/**
 * Records in Switchyard's own ledger what the demo systems that keep none have applied by hand
 * (method "adopted"). Idempotent: an existing row is left alone.
 */
export async function seedDemoLedger(homeUrl: string, targets: readonly DemoTarget[]) {
  const sql = postgres(homeUrl, { max: 1, onnotice: () => {} });
  try {
    for (const target of targets) {
      for (const source of target.fixture.migrations ?? []) {
        for (const id of source.adopted ?? []) {
          const text =
            source.appliedText?.[id] ?? fs.readFileSync(new URL(`${id}.sql`, source.folder));
          const checksum = createHash("sha256").update(text).digest("hex");
          await sql`
            insert into switchyard.migration_ledger
              (target_id, source_id, migration_id, name, checksum, applied_at, applied_by, method, note)
            values (${target.id}, ${source.id}, ${id}, ${id.split("/").pop() ?? id}, ${checksum},
              now() - interval '30 days', 'ops@demo (psql)', 'adopted',
              'recorded by the demo: applied by hand before Switchyard')
            on conflict do nothing`;
        }
      }
    }
  } finally {
    await sql.end();
  }
}
