import { z } from "zod";
import { type ApplyConfig, applyConfigSchema, DEFAULT_APPLY_CONFIG } from "./apply-schema";
import { type AuthConfig, authConfigSchema, DEFAULT_AUTH_CONFIG } from "./auth-schema";
import { type BulkConfig, bulkConfigSchema, DEFAULT_BULK_CONFIG } from "./bulk-schema";
import { type MigrationSourceConfig, migrationSourceSchema } from "./migrations-schema";
import {
  type QueueTableConfig,
  queueTableSchema,
  type SystemOverride,
  systemOverrideSchema,
} from "./queue-table-schema";
import { EMPTY_STUCK_CONFIG, type StuckConfig, stuckConfigSchema } from "./stuck-schema";
import { type ProtectedTable, protectedTablesSchema, secretColumnsSchema } from "./tables-schema";

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;

const postgresUrl = z.string().refine((value) => POSTGRES_URL.test(value) && canParseUrl(value), {
  error: "expected a postgres:// URL",
});

function canParseUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export const targetConfigSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, {
      error:
        "expected lowercase letters, digits, '-' or '_' (at most 63, starting with a letter or digit)",
    }),
    name: z.string().min(1, { error: "expected a non-empty display name" }).optional(),
    url: postgresUrl.optional(),
    sqlite: z.string().min(1, { error: "expected a path to a SQLite file" }).optional(),
    readOnly: z.boolean().default(false),
    statementTimeoutMs: z.number().int().min(100).max(600_000).default(5_000),
    poolSize: z.number().int().min(1).max(100).default(5),
    /** Inspect the catalog for the built-in systems (default); false: only what `systems` forces. */
    detect: z.boolean().default(true),
    systems: z.record(z.string(), systemOverrideSchema).default({}),
    queues: z.array(queueTableSchema).default([]),
    stuck: stuckConfigSchema.default(EMPTY_STUCK_CONFIG),
    bulk: bulkConfigSchema.default(DEFAULT_BULK_CONFIG),
    migrations: z.array(migrationSourceSchema).default([]),
    /** Review and apply of pending migrations: self-approval, lock and statement timeouts. */
    apply: applyConfigSchema.default(DEFAULT_APPLY_CONFIG),
    /** Tables another team owns; the Tables pages badge them with the owner. */
    protectedTables: protectedTablesSchema,
    /** Column-name patterns (case-insensitive regular expressions) masked like passwords. */
    secretColumns: secretColumnsSchema,
  })
  .superRefine((target, ctx) => {
    const seen = new Set<string>();
    target.migrations.forEach((source, index) => {
      if (seen.has(source.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["migrations", index, "id"],
          message: `duplicate migration source id "${source.id}"`,
        });
      }
      seen.add(source.id);
    });
    if (target.url && target.sqlite) {
      ctx.addIssue({
        code: "custom",
        path: ["sqlite"],
        message: "give either url (PostgreSQL) or sqlite (a file path), not both",
      });
    }
    if (!target.url && !target.sqlite) {
      ctx.addIssue({
        code: "custom",
        path: ["url"],
        message: "expected a postgres:// URL (or sqlite: a file path)",
      });
    }
  });

export const configFileSchema = z
  .strictObject({
    home: postgresUrl.optional(),
    auth: authConfigSchema.default(DEFAULT_AUTH_CONFIG),
    targets: z.array(targetConfigSchema).min(1, { error: "expected at least one target" }),
  })
  .superRefine((config, ctx) => {
    const firstIndex = new Map<string, number>();
    config.targets.forEach((target, index) => {
      const earlier = firstIndex.get(target.id);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["targets", index, "id"],
          message: `duplicate id "${target.id}" (also targets[${earlier}])`,
        });
      } else {
        firstIndex.set(target.id, index);
      }
    });
  });

export type ConfigFile = z.infer<typeof configFileSchema>;
export type TargetConfigInput = z.infer<typeof targetConfigSchema>;

interface TargetCommon {
  id: string;
  name: string;
  readOnly: boolean;
  statementTimeoutMs: number;
  poolSize: number;
  detect: boolean;
  systems: Record<string, SystemOverride>;
  queues: QueueTableConfig[];
  stuck: StuckConfig;
  bulk: BulkConfig;
  migrations: MigrationSourceConfig[];
  apply: ApplyConfig;
  protectedTables: ProtectedTable[];
  secretColumns: string[];
}

export type TargetConfig =
  | (TargetCommon & { kind: "postgres"; url: string })
  | (TargetCommon & { kind: "sqlite"; file: string });

export interface SwitchyardConfig {
  /** Where the configuration came from: a file path, or "DATABASE_URL". */
  source: string;
  /** The PostgreSQL database holding Switchyard's own `switchyard` schema. */
  homeUrl: string;
  targets: TargetConfig[];
  auth: AuthConfig;
}
