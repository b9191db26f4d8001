import "server-only";
import { type AnyColumn, getTableColumns, getTableUniqueName, type Table } from "drizzle-orm";
import type { TargetConfig } from "@/lib/config/schema";
import { targetSystems } from "../queries/target-systems";

/** What Switchyard knows about a table that belongs to a detected system. */
export interface TableOwnership {
  system: string;
  systemName: string;
  /** Job source or history label ("tasks", "History of job"). */
  usedAs: string[];
  /** column → the roles it plays (state, queue, createdAt, payload, …). */
  roles: Record<string, string[]>;
  /** The Drizzle definitions Switchyard queries this table with. */
  definitions: Table[];
}

export function tableKey(table: Table, engine: "postgres" | "sqlite"): string {
  const [schema, ...rest] = getTableUniqueName(table).split(".");
  const name = rest.join(".");
  return `${schema === "undefined" || !schema ? (engine === "postgres" ? "public" : "main") : schema}.${name}`;
}

function addRoles(
  entry: TableOwnership,
  columns: Record<string, AnyColumn | undefined>,
  prefix = "",
) {
  for (const [role, column] of Object.entries(columns)) {
    if (!column) continue;
    const list = entry.roles[column.name] ?? [];
    list.push(`${prefix}${role}`);
    entry.roles[column.name] = list;
  }
}

/** Every table the target's detected systems use, keyed `schema.name`. */
export async function tableOwnership(target: TargetConfig): Promise<Map<string, TableOwnership>> {
  const engine = target.kind;
  const systems = await targetSystems(target).catch(() => null);
  const owned = new Map<string, TableOwnership>();
  const entryFor = (table: Table, system: string, systemName: string) => {
    const key = tableKey(table, engine);
    let entry = owned.get(key);
    if (!entry) {
      entry = { system, systemName, usedAs: [], roles: {}, definitions: [] };
      owned.set(key, entry);
    }
    if (!entry.definitions.includes(table)) entry.definitions.push(table);
    return entry;
  };
  for (const instance of systems?.instances ?? []) {
    for (const source of instance.sources) {
      const entry = entryFor(source.table, instance.system, instance.name);
      entry.usedAs.push(`jobs: ${source.label}`);
      addRoles(entry, source.columns as unknown as Record<string, AnyColumn | undefined>);
      if (source.version) addRoles(entry, { version: source.version });
      if (source.history) {
        const history = entryFor(source.history.table, instance.system, instance.name);
        history.usedAs.push(source.history.label);
        addRoles(history, {
          jobId: source.history.jobId,
          at: source.history.at,
          state: source.history.state,
          event: source.history.event,
        });
      }
    }
  }
  return owned;
}

export function definitionColumns(table: Table): string[] {
  return Object.values(getTableColumns(table)).map((column) => column.name);
}
