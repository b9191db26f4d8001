import "server-only";
import type { LedgerKind } from "@/lib/migrations/model";
import type { LedgerWriter } from "./ledger-writer";
import { flywayWriter, prismaWriter } from "./prisma-flyway-writers";
import { sqlxWriter } from "./sqlx-writer";
import { switchyardWriter } from "./switchyard-writer";
import {
  drizzleWriter,
  golangMigrateWriter,
  knexWriter,
  nodePgMigrateWriter,
  supabaseWriter,
} from "./tool-writers";

/**
 * One writer per ledger kind: after a file is applied, its row is written in the tool's own
 * format, so the tool itself finds nothing left to do. Tool ledgers are written on the target
 * (PostgreSQL; sqlx on SQLite too), Switchyard's own in the home database.
 */
export const LEDGER_WRITERS: Record<LedgerKind, LedgerWriter> = {
  drizzle: drizzleWriter,
  sqlx: sqlxWriter,
  prisma: prismaWriter,
  supabase: supabaseWriter,
  flyway: flywayWriter,
  knex: knexWriter,
  "node-pg-migrate": nodePgMigrateWriter,
  "golang-migrate": golangMigrateWriter,
  switchyard: switchyardWriter,
};
