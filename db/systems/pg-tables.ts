import { pgSchema, pgTable } from "drizzle-orm/pg-core";

/**
 * The Drizzle table builder for a schema found at run time: systems are detected in whatever
 * schema they live in, so their tables are defined by a function of the schema name.
 */
export function pgTableIn(schema: string): typeof pgTable {
  // drizzle refuses pgSchema("public"); unqualified tables live there anyway.
  return schema === "public" ? pgTable : (pgSchema(schema).table as unknown as typeof pgTable);
}
