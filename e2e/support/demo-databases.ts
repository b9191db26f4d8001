import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { parse } from "yaml";

interface DemoConfig {
  home: string;
  targets: { id: string; url?: string }[];
}

function demoConfig(): DemoConfig {
  return parse(fs.readFileSync(path.resolve(".switchyard/e2e/switchyard.yaml"), "utf8"));
}

/** The e2e demo's home database (sessions, audit, bulk operations). */
export function demoHomeUrl(): string {
  return demoConfig().home;
}

/** A PostgreSQL target of the e2e demo, by id. */
export function demoTargetUrl(id: string): string {
  const url = demoConfig().targets.find((target) => target.id === id)?.url;
  if (!url) throw new Error(`no PostgreSQL target ${id} in the e2e demo`);
  return url;
}

/** A client of one of those databases for a test's own reads and writes; end() it afterwards. */
export function connect(url: string): postgres.Sql {
  return postgres(url, { max: 2, onnotice: () => {} });
}

/**
 * A database of its own on the demo's server (for an instance that must not share the demo's
 * home), named with the e2e prefix so CI sweeps it up if a run is interrupted.
 */
export async function createDatabase(
  label: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const prefix = process.env.E2E_DATABASE_PREFIX ?? "sy_e2e_";
  const name = `${prefix}${label}`;
  const serverUrl = new URL(demoHomeUrl());
  serverUrl.pathname = "/postgres";
  const admin = connect(serverUrl.toString());
  await admin`drop database if exists ${admin(name)} with (force)`;
  await admin`create database ${admin(name)}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin`drop database if exists ${admin(name)} with (force)`;
      await admin.end();
    },
  };
}
