import clsx from "clsx";
import Link from "next/link";
import type { QueueCounts } from "@/db/jobs/count-states";
import { formatCount } from "@/lib/format";
import { JOB_STATES, type JobState } from "@/lib/jobs/job-state";
import { STATE_LABELS } from "@/lib/jobs/state-style";

interface StateTabsProps {
  counts: QueueCounts;
  active: JobState | undefined;
  href: (state: JobState | undefined) => string;
}

/** Counts per canonical state as tabs; states with no jobs are dimmed but still selectable. */
export function StateTabs({ counts, active, href }: StateTabsProps) {
  const accuracy = counts.exact ? "exact" : "estimate";
  const total = JOB_STATES.reduce((sum, state) => sum + counts.counts[state], 0);
  return (
    <nav aria-label="Job states" className="flex flex-wrap gap-1 border-b border-slate-200">
      <Tab
        href={href(undefined)}
        active={active === undefined}
        label="All"
        count={formatCount(total, accuracy)}
      />
      {JOB_STATES.map((state) => (
        <Tab
          key={state}
          href={href(state)}
          active={active === state}
          label={STATE_LABELS[state]}
          count={formatCount(counts.counts[state], accuracy)}
          dim={counts.counts[state] === 0}
        />
      ))}
    </nav>
  );
}

interface TabProps {
  href: string;
  active: boolean;
  label: string;
  count: string;
  dim?: boolean;
}

function Tab({ href, active, label, count, dim }: TabProps) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={clsx(
        "-mb-px border-b-2 px-3 py-1.5 text-sm",
        active
          ? "border-sky-700 font-medium text-slate-900"
          : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
        dim && !active && "text-slate-400",
      )}
    >
      {label} <span className="tabular-nums text-slate-500">{count}</span>
    </Link>
  );
}
