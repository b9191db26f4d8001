import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { DEMO_FIXTURES } from "@/db/systems/demo-fixtures";
import type { SystemFixture } from "@/db/systems/fixture";
import {
  closeConnection,
  connectPostgres,
  connectSqlite,
  type TargetConnection,
} from "@/db/targets/connect";

export interface DemoTarget {
  fixture: SystemFixture;
  id: string;
  name: string;
  /** postgres:// URL, or absolute SQLite file path. */
  location: string;
}

export interface DemoDatabases {
  homeUrl: string;
  targets: DemoTarget[];
}

interface PrepareOptions {
  serverUrl: string;
  dataDir: string;
  prefix: string;
  fresh: boolean;
  log: (line: string) => void;
}

const LOADED_MARKER = "switchyard demo fixture: loaded";

/**
 * Creates the home database and one database per demo system, loading each fixture once.
 * A database whose load did not finish (no marker) is dropped and loaded again.
 */
export async function prepareDemoDatabases(options: PrepareOptions): Promise<DemoDatabases> {
  const admin = postgres(options.serverUrl, { max: 1, onnotice: () => {} });
  try {
    const homeName = `${options.prefix}switchyard`;
    if (options.fresh) await dropDatabase(admin, homeName);
    if (!(await databaseExists(admin, homeName)))
      await admin.unsafe(`create database "${homeName}"`);

    const targets: DemoTarget[] = [];
    for (const fixture of DEMO_FIXTURES) {
      const location =
        fixture.kind === "postgres"
          ? await preparePostgres(admin, fixture, options)
          : await prepareSqlite(fixture, options);
      targets.push({ fixture, id: fixture.system, name: fixture.name, location });
    }
    return { homeUrl: databaseUrl(options.serverUrl, homeName), targets };
  } finally {
    await admin.end();
  }
}

async function preparePostgres(
  admin: postgres.Sql,
  fixture: SystemFixture,
  options: PrepareOptions,
) {
  const name = `${options.prefix}${fixture.demoDatabase}`;
  const url = databaseUrl(options.serverUrl, name);
  if (!options.fresh && (await isLoaded(admin, name))) return url;

  options.log(`loading ${fixture.name} into database ${name}`);
  await dropDatabase(admin, name);
  await admin.unsafe(`create database "${name}"`);
  const connection = connectPostgres(url, { statementTimeoutMs: 120_000, poolSize: 2 });
  try {
    await fixture.load(connection);
  } finally {
    await closeConnection(connection);
  }
  await admin.unsafe(`comment on database "${name}" is '${LOADED_MARKER}'`);
  return url;
}

async function prepareSqlite(fixture: SystemFixture, options: PrepareOptions) {
  const file = path.join(options.dataDir, fixture.demoDatabase);
  const marker = `${file}.loaded`;
  if (!options.fresh && fs.existsSync(marker) && fs.existsSync(file)) return file;

  options.log(`loading ${fixture.name} into ${path.relative(process.cwd(), file)}`);
  for (const stale of [file, `${file}-wal`, `${file}-shm`, marker])
    fs.rmSync(stale, { force: true });
  fs.mkdirSync(options.dataDir, { recursive: true });
  const connection = connectSqlite(file, 10_000);
  try {
    await fixture.load(connection);
  } finally {
    await closeConnection(connection);
  }
  fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
  return file;
}

/** A connection to a prepared demo database, for the simulator. */
export function connectDemoTarget(target: DemoTarget): TargetConnection {
  return target.fixture.kind === "postgres"
    ? connectPostgres(target.location, { statementTimeoutMs: 10_000, poolSize: 2 })
    : connectSqlite(target.location, 10_000);
}

async function databaseExists(admin: postgres.Sql, name: string): Promise<boolean> {
  const rows = await admin`select 1 from pg_database where datname = ${name}`;
  return rows.length > 0;
}

async function isLoaded(admin: postgres.Sql, name: string): Promise<boolean> {
  const rows = await admin`
    select shobj_description(oid, 'pg_database') as note from pg_database where datname = ${name}`;
  return rows[0]?.note === LOADED_MARKER;
}

async function dropDatabase(admin: postgres.Sql, name: string): Promise<void> {
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
}

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
