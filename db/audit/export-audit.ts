import type { AuditFilter } from "@/lib/audit/audit-filter";
import { csvLine } from "@/lib/audit/to-csv";
import type { Cursor } from "@/lib/cursor";
import type { HomeExecutor } from "../home-executor";
import { type AuditEvent, listAudit } from "./list-audit";

/** An export stops here; narrow the filter (a time range) for more. */
export const EXPORT_LIMIT = 100_000;
const BATCH = 1_000;

const COLUMNS: (keyof AuditEvent)[] = [
  "id",
  "at",
  "actorKind",
  "actorName",
  "ip",
  "userAgent",
  "target",
  "system",
  "action",
  "objects",
  "reason",
  "outcome",
  "changed",
  "skipped",
  "failed",
  "errorCode",
  "before",
  "after",
];

/** Streams the matching events, newest first, as CSV or as a JSON array, in keyset batches. */
export function exportAudit(executor: HomeExecutor, filter: AuditFilter, format: "csv" | "json") {
  const encoder = new TextEncoder();
  let cursor: Cursor | null = null;
  let sent = 0;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(format === "csv" ? csvLine(COLUMNS) : "["));
      }
      const page = await listAudit(executor, filter, cursor, Math.min(BATCH, EXPORT_LIMIT - sent));
      const chunk = page.events
        .map((event, index) =>
          format === "csv"
            ? csvLine(COLUMNS.map((column) => event[column]))
            : `${sent + index === 0 ? "" : ","}\n${JSON.stringify(event)}`,
        )
        .join("");
      sent += page.events.length;
      controller.enqueue(encoder.encode(chunk));
      cursor = page.next;
      if (!cursor || sent >= EXPORT_LIMIT) {
        if (format === "json") controller.enqueue(encoder.encode("\n]\n"));
        controller.close();
      }
    },
  });
}
