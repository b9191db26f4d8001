import { defineReadRoute } from "@/db/actions/define-route";
import { getOperation } from "@/db/bulk/operation-view";
import { readHome } from "@/db/home-status";
import { NotFoundError } from "@/lib/input-error";

export const dynamic = "force-dynamic";

/** A bulk operation's progress: status, total, changed / skipped / failed so far. */
export const GET = defineReadRoute("viewer", async (_request, { operationId }) => {
  const operation = await readHome((db) => getOperation(db, operationId ?? ""));
  if (!operation) throw new NotFoundError("operation", operationId ?? "");
  return { operation };
});
