import { defineConfig } from "drizzle-kit";
import { HOME_LEDGER } from "./db/home-ledger";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./drizzle",
  // Only Switchyard's own schema: drizzle-kit must never touch a target's tables.
  schemaFilter: ["switchyard"],
  migrations: HOME_LEDGER,
});
