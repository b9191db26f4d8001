import { and, eq, inArray, sql } from "drizzle-orm";
import type { HomeDatabase } from "../connect-home";
import { bulkOperations } from "../schema";

export type BulkOperation = typeof bulkOperations.$inferSelect;

/**
 * Takes the oldest unfinished operation nobody holds (or whose holder stopped renewing), for
 * `leaseSeconds`. SKIP LOCKED: two instances asking at once get different operations.
 */
export async function claimOperation(
  home: HomeDatabase["db"],
  workerId: string,
  leaseSeconds: number,
): Promise<BulkOperation | null> {
  const rows = await home.execute<{ id: string }>(sql`
    update ${bulkOperations}
    set lease_owner = ${workerId},
        lease_expires_at = now() + make_interval(secs => ${leaseSeconds}),
        status = case when status = 'pending' then 'running' else status end,
        started_at = coalesce(started_at, now())
    where id = (
      select id from ${bulkOperations}
      where status in ('pending', 'running', 'cancelling')
        and (lease_expires_at is null or lease_expires_at < now() or lease_owner = ${workerId})
      order by created_at
      for update skip locked
      limit 1)
    returning id`);
  const id = rows[0]?.id;
  if (!id) return null;
  const [operation] = await home.select().from(bulkOperations).where(eq(bulkOperations.id, id));
  return operation ?? null;
}

/** Asks the worker to stop after its current batch; jobs already done stay done. */
export async function requestCancel(
  home: HomeDatabase["db"],
  operationId: string,
): Promise<BulkOperation | null> {
  const [row] = await home
    .update(bulkOperations)
    .set({ status: "cancelling" })
    .where(
      and(
        eq(bulkOperations.id, operationId),
        inArray(bulkOperations.status, ["pending", "running"]),
      ),
    )
    .returning();
  return row ?? null;
}

/** Gives up an operation this worker cannot run now (its target is unknown), for another instance. */
export async function releaseOperation(
  home: HomeDatabase["db"],
  operationId: string,
  workerId: string,
  error: string,
) {
  await home
    .update(bulkOperations)
    .set({ leaseOwner: null, leaseExpiresAt: null, lastError: error })
    .where(and(eq(bulkOperations.id, operationId), eq(bulkOperations.leaseOwner, workerId)));
}
