import "server-only";
import type postgres from "postgres";
import type { TargetConnection } from "@/db/targets/connect";
import { type CreatedObject, createdObjects, loadParser } from "@/lib/migrations/created-objects";
import type { Evidence, EvidenceItem, Migration } from "@/lib/migrations/model";

/**
 * For a pending migration that no ledger records: parses its SQL with libpg-query and looks up
 * every object it creates in the catalog. All found: `appears_applied` (inferred), with the list
 * as evidence. Some found: stays pending, with a warning that it may be partly applied.
 */
export async function checkAppearsApplied(
  connection: TargetConnection,
  migration: Migration,
  defaultSchema = "public",
): Promise<void> {
  const file = migration.file;
  if (file?.meta.language !== "sql") return;
  if (connection.kind !== "postgres") {
    migration.evidence = {
      matched: 0,
      total: 0,
      items: [],
      notes: ["catalog checks run on PostgreSQL targets only"],
    };
    return;
  }
  await loadParser();
  const parsed = createdObjects(file.upSql);
  const items: EvidenceItem[] = [];
  for (const object of parsed.objects) {
    items.push({
      kind: object.kind,
      name: displayName(object),
      exists: await exists(connection.sql, object, defaultSchema),
    });
  }
  const matched = items.filter((item) => item.exists).length;
  const evidence: Evidence = { matched, total: items.length, items, notes: parsed.notes };
  migration.evidence = evidence;
  if (items.length === 0) return;
  if (matched === items.length) {
    migration.state = "appears_applied";
    migration.facts.push({
      label: "state",
      value: "appears_applied",
      provenance: "inferred",
      from: `catalog: all ${items.length} objects it creates exist`,
    });
  } else if (matched > 0) {
    migration.findings.push({
      code: "partly_present",
      severity: "warning",
      provenance: "inferred",
      message: `${matched} of ${items.length} objects it creates already exist: it may have been applied in part`,
    });
  }
}

function displayName(object: CreatedObject): string {
  const schema = object.schema ? `${object.schema}.` : "";
  if (object.kind === "column") return `${schema}${object.table}.${object.name}`;
  return `${schema}${object.name}`;
}

async function exists(
  sql: postgres.Sql,
  object: CreatedObject,
  defaultSchema: string,
): Promise<boolean> {
  const schema = object.schema ?? defaultSchema;
  switch (object.kind) {
    case "schema": {
      const rows = await sql`select 1 from pg_namespace where nspname = ${object.name}`;
      return rows.length > 0;
    }
    case "table":
    case "view":
    case "sequence":
    case "index": {
      const rows = await sql`
        select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relname = ${object.name}`;
      return rows.length > 0;
    }
    case "column": {
      const rows = await sql`
        select 1 from pg_attribute a
        join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relname = ${object.table ?? ""}
          and a.attname = ${object.name} and a.attnum > 0 and not a.attisdropped`;
      return rows.length > 0;
    }
    case "function": {
      const rows = await sql`
        select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = ${schema} and p.proname = ${object.name}`;
      return rows.length > 0;
    }
    case "type": {
      const rows = await sql`
        select 1 from pg_type t join pg_namespace n on n.oid = t.typnamespace
        where n.nspname = ${schema} and t.typname = ${object.name}`;
      return rows.length > 0;
    }
  }
}
