import { Badge } from "@/components/ui/badge";
import type { OperationView } from "@/db/bulk/operation-view";
import type { Tone } from "@/lib/tone";

const STATUS_TONES: Record<string, Tone> = {
  pending: "neutral",
  running: "blue",
  paused: "amber",
  cancelling: "amber",
  cancelled: "amber",
  done: "green",
};

/** A bar of processed out of total, split into changed, skipped (changed meanwhile) and failed. */
export function OperationProgress({ operation }: { operation: OperationView }) {
  const share = (n: number) => `${operation.total === 0 ? 0 : (n / operation.total) * 100}%`;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center gap-3 text-sm">
        <Badge tone={STATUS_TONES[operation.status] ?? "neutral"}>{operation.status}</Badge>
        <span className="tabular-nums">
          {operation.processed.toLocaleString("en")} of {operation.total.toLocaleString("en")}{" "}
          processed
        </span>
      </div>
      <div
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={operation.total}
        aria-valuenow={operation.processed}
        className="flex h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="bg-emerald-500" style={{ width: share(operation.changed) }} />
        <div className="bg-amber-400" style={{ width: share(operation.skipped) }} />
        <div className="bg-red-500" style={{ width: share(operation.failed) }} />
      </div>
      <dl className="flex flex-wrap gap-x-6 text-sm">
        <div>
          <dt className="inline text-slate-500">changed </dt>
          <dd className="inline tabular-nums">{operation.changed.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt className="inline text-slate-500">skipped, changed meanwhile </dt>
          <dd className="inline tabular-nums">{operation.skipped.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt className="inline text-slate-500">failed </dt>
          <dd className="inline tabular-nums">{operation.failed.toLocaleString("en")}</dd>
        </div>
      </dl>
    </div>
  );
}
