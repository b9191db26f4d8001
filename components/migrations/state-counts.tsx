import clsx from "clsx";
import type { StateCounts } from "@/lib/migrations/report";

interface StateCountsProps {
  counts: StateCounts;
}

const CARDS = [
  { key: "pending", label: "Pending", tone: "text-sky-800" },
  { key: "drifted", label: "Drifted", tone: "text-red-700" },
  { key: "failed", label: "Failed or dirty", tone: "text-red-700" },
  { key: "out_of_order", label: "Out of order", tone: "text-amber-800" },
  { key: "missing_file", label: "Missing file", tone: "text-red-700" },
  { key: "appears_applied", label: "Appears applied", tone: "text-violet-800" },
  { key: "applied", label: "Applied", tone: "text-emerald-800" },
] as const;

/** The counts at the top of the migrations page. */
export function StateCountsBar({ counts }: StateCountsProps) {
  return (
    <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
      {CARDS.map((card) => {
        const value = card.key === "failed" ? counts.failed + counts.dirty : counts[card.key];
        return (
          <div
            key={card.key}
            className="rounded-lg border border-slate-200 bg-white px-3 py-2 shadow-sm"
          >
            <dt className="text-xs text-slate-500">{card.label}</dt>
            <dd
              className={clsx(
                "text-2xl font-semibold tabular-nums",
                value > 0 ? card.tone : "text-slate-300",
              )}
            >
              {value}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
