import { boolean, jsonb, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { pgTableIn } from "../pg-tables";

/** Coach Artie's background task table, exactly as its schema document defines it. */
export function coachArtieTables(schema: string) {
  const table = pgTableIn(schema);
  return {
    queue: table("queue", {
      id: uuid("id").primaryKey(),
      status: text("status").notNull(),
      taskType: text("task_type").notNull(),
      payload: jsonb("payload"),
      createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }),
      completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
      responded: boolean("responded"),
      errorMessage: text("error_message"),
    }),
  };
}
