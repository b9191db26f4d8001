import { home } from "@/db";
import { defineReadRoute } from "@/db/actions/define-route";
import { exportAudit } from "@/db/audit/export-audit";
import { readAuditCursor } from "@/db/audit/list-audit";
import { homeStatus } from "@/db/home-status";
import { appCursors } from "@/db/signing-keys";
import { parseAuditParams } from "@/lib/audit/audit-filter";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { InputError } from "@/lib/input-error";
import { assertParamsOk } from "@/lib/parse-params";

export const dynamic = "force-dynamic";

/** The audit log as a download: `?format=csv|json` plus the audit page's filters. */
export const GET = defineReadRoute("viewer", async (request) => {
  const params = new URL(request.url).searchParams;
  const format = params.get("format") ?? "json";
  if (format !== "csv" && format !== "json")
    throw new InputError("format", "format: expected csv or json");
  const parsed = parseAuditParams(params);
  assertParamsOk(parsed);
  // The export always starts at the newest event; a cursor is still checked, never trusted.
  if (parsed.cursor) readAuditCursor(await appCursors(), parsed.cursor);
  // The export streams: find out before the first byte whether the log can be read at all.
  const status = await homeStatus();
  if (!status.reachable) throw new HomeUnavailableError(status.error);
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "-");
  return new Response(exportAudit(home().db, parsed.filter, format), {
    headers: {
      "content-type":
        format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="switchyard-audit-${stamp}.${format}"`,
      "cache-control": "no-store",
    },
  });
});
