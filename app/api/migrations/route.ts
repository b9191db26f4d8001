import { defineReadRoute } from "@/db/actions/define-route";
import { loadMigrationReports } from "@/db/queries/migrations-view";
import { findTarget } from "@/db/targets/registry";
import { NotFoundError } from "@/lib/input-error";
import { toApiReport } from "@/lib/migrations/report";

export const dynamic = "force-dynamic";

/** Every target's migration sources, reconciled with their ledgers; `?target=ID` for one. */
export const GET = defineReadRoute("viewer", async (request) => {
  const target = new URL(request.url).searchParams.get("target") ?? undefined;
  if (target !== undefined && !findTarget(target)) {
    throw new NotFoundError("target", target);
  }
  return toApiReport(await loadMigrationReports(target));
});
