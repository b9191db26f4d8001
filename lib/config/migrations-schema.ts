import { z } from "zod";
import { LAYOUTS, type Layout, LEDGER_KINDS, type LedgerKind } from "../migrations/model";

const identifier = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

const ledgerKind = z.enum(LEDGER_KINDS, { error: `expected one of ${LEDGER_KINDS.join(", ")}` });

const ledgerSchema = z.union(
  [
    ledgerKind,
    z.strictObject({
      kind: ledgerKind,
      /** `schema.table` (or `table` on SQLite) when the tool was configured with another name. */
      table: z
        .string()
        .regex(/^(?:[A-Za-z_][A-Za-z0-9_$]{0,62}\.)?[A-Za-z_][A-Za-z0-9_$]{0,62}$/, {
          error: "expected a table name, optionally schema-qualified (schema.table)",
        })
        .optional(),
    }),
  ],
  { error: `expected one of ${LEDGER_KINDS.join(", ")}, or { kind, table }` },
);

/** Which ledger a layout's tool writes; layouts applied by hand get Switchyard's own. */
export const DEFAULT_LEDGER: Record<Layout, LedgerKind> = {
  numbered: "switchyard",
  timestamped: "switchyard",
  "up-down": "switchyard",
  sqlx: "sqlx",
  drizzle: "drizzle",
  prisma: "prisma",
  supabase: "supabase",
  flyway: "flyway",
  "golang-migrate": "golang-migrate",
  "node-pg-migrate": "node-pg-migrate",
  knex: "knex",
};

/** One `migrations:` entry of a target: a folder of migration files, its layout and options. */
export const migrationSourceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, {
    error: "expected lowercase letters, digits, '-' or '_'",
  }),
  name: z.string().min(1, { error: "expected a non-empty display name" }).optional(),
  /** Relative to the configuration file. */
  folder: z.string().min(1, { error: "expected a folder path" }),
  layout: z.enum(LAYOUTS, { error: `expected one of ${LAYOUTS.join(", ")}` }),
  /** Substituted for `{schema}` in the files. */
  schema: z.string().regex(identifier, { error: "expected a schema name" }).optional(),
  /** Subfolder → `after` (loaded after the top-level files, in the order listed) or `never`. */
  subfolders: z
    .record(
      z.string().regex(/^[^/\\.][^/\\]*$/, { error: "expected a subfolder name" }),
      z.enum(["after", "never"], { error: "expected after or never" }),
    )
    .default({}),
  /** Shown, never applicable from Switchyard (tables another team owns). */
  readOnly: z.boolean().default(false),
  ledger: ledgerSchema.optional(),
  /** sqlx: `20250115_001_x.sql` is version 20250115001 (the date and the sequence joined). */
  sequenceInVersion: z.boolean().default(false),
  /** Every statement must be safe to run twice (lint: `not-idempotent`). */
  idempotent: z.boolean().default(false),
  /** A table the system writes once per install (`schema.version`): shown, not used for state. */
  installMarker: z
    .string()
    .regex(/^(?:[A-Za-z_][A-Za-z0-9_$]{0,62}\.)?[A-Za-z_][A-Za-z0-9_$]{0,62}$/, {
      error: "expected a table name, optionally schema-qualified (schema.table)",
    })
    .optional(),
});

export type MigrationSourceInput = z.infer<typeof migrationSourceSchema>;

export interface MigrationSourceConfig {
  id: string;
  name: string;
  /** Absolute. */
  folder: string;
  layout: Layout;
  schema?: string;
  subfolders: Record<string, "after" | "never">;
  readOnly: boolean;
  ledger: { kind: LedgerKind; table?: string };
  sequenceInVersion: boolean;
  idempotent: boolean;
  installMarker?: string;
}
