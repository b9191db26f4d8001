import { desc, eq } from "drizzle-orm";
import type { HomeExecutor } from "../home-executor";
import { bulkOperations } from "../schema";
import { ACTIVE_STATUSES } from "./operation-state";

export type OperationView = typeof bulkOperations.$inferSelect & { processed: number };

/** Still under way (a paused operation too): its pages keep refreshing. */
export function isActive(status: string): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getOperation(
  executor: HomeExecutor,
  id: string,
): Promise<OperationView | null> {
  if (!UUID.test(id)) return null;
  const [row] = await executor.select().from(bulkOperations).where(eq(bulkOperations.id, id));
  return row ? { ...row, processed: row.changed + row.skipped + row.failed } : null;
}

export async function recentOperations(
  executor: HomeExecutor,
  limit = 50,
): Promise<OperationView[]> {
  const rows = await executor
    .select()
    .from(bulkOperations)
    .orderBy(desc(bulkOperations.createdAt))
    .limit(limit);
  return rows.map((row) => ({ ...row, processed: row.changed + row.skipped + row.failed }));
}
