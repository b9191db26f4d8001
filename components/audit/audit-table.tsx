import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AuditEvent } from "@/db/audit/list-audit";
import { jobHref, operationHref } from "@/lib/urls";

interface AuditTableProps {
  events: AuditEvent[];
}

const OUTCOME_TONES = { ok: "green", refused: "amber", failed: "red" } as const;

export function AuditTable({ events }: AuditTableProps) {
  if (events.length === 0) return <p className="py-6 text-sm text-slate-500">No events match.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
            <th className="py-1.5 pr-3">When</th>
            <th className="py-1.5 pr-3">Who</th>
            <th className="py-1.5 pr-3">Action</th>
            <th className="py-1.5 pr-3">Where</th>
            <th className="py-1.5 pr-3">What</th>
            <th className="py-1.5">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id} className="border-b border-slate-100 align-top">
              <td className="whitespace-nowrap py-1.5 pr-3">
                <RelativeTime date={event.at} />
              </td>
              <td className="py-1.5 pr-3">
                <span className="font-mono">{event.actorName}</span>
                <span className="ml-1 text-xs text-slate-500">{event.actorKind}</span>
                {event.ip ? (
                  <span className="block font-mono text-xs text-slate-400">{event.ip}</span>
                ) : null}
              </td>
              <td className="py-1.5 pr-3 font-mono text-xs">{event.action}</td>
              <td className="py-1.5 pr-3 font-mono text-xs">
                {[event.target, event.system].filter(Boolean).join(" / ") || "—"}
              </td>
              <td className="max-w-md py-1.5 pr-3 text-xs">
                <AuditLinks event={event} />
                {event.objects ? (
                  <code className="break-all">{JSON.stringify(event.objects)}</code>
                ) : null}
                {event.before || event.after ? (
                  <span className="block break-all text-slate-500">
                    {JSON.stringify(event.before ?? {})} → {JSON.stringify(event.after ?? {})}
                  </span>
                ) : null}
                {event.reason ? (
                  <span className="block italic text-slate-600">“{event.reason}”</span>
                ) : null}
              </td>
              <td className="py-1.5">
                <Badge
                  tone={OUTCOME_TONES[event.outcome as keyof typeof OUTCOME_TONES] ?? "neutral"}
                >
                  {event.outcome}
                </Badge>
                {event.errorCode ? (
                  <span className="ml-1 font-mono text-xs text-slate-500">{event.errorCode}</span>
                ) : null}
                {event.changed !== null || event.skipped !== null || event.failed !== null ? (
                  <span className="block text-xs text-slate-500">
                    {event.changed ?? 0} changed · {event.skipped ?? 0} skipped ·{" "}
                    {event.failed ?? 0} failed
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Links to what an event acted on, where the console has a page for it. */
function AuditLinks({ event }: { event: AuditEvent }) {
  const objects = (event.objects ?? {}) as Record<string, unknown>;
  const operationId = typeof objects.operationId === "string" ? objects.operationId : null;
  const jobId = typeof objects.jobId === "string" ? objects.jobId : null;
  const source = typeof objects.source === "string" ? objects.source : undefined;
  if (operationId) {
    return (
      <Link href={operationHref(operationId)} className="block text-sky-800 hover:underline">
        Bulk operation
      </Link>
    );
  }
  if (jobId && event.target && event.system) {
    return (
      <Link
        href={jobHref(event.target, event.system, jobId, source)}
        className="block font-mono text-sky-800 hover:underline"
      >
        Job {jobId}
      </Link>
    );
  }
  return null;
}
