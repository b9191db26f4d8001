import clsx from "clsx";
import Link from "next/link";
import type { StuckGroupData } from "@/db/queries/stuck-groups";
import { formatCount } from "@/lib/format";
import { STUCK_LABELS, type StuckCode } from "@/lib/stuck/stuck-codes";
import type { StuckFilter } from "@/lib/stuck/stuck-filter";
import { stuckHref } from "@/lib/urls";

/** How many jobs are stuck for each reason (a lower bound when any count stopped at its bound). */
export function totalsByReason(groups: Map<StuckCode, StuckGroupData[]>) {
  return [...groups.entries()].map(([code, list]) => ({
    code,
    count: list.reduce((sum, group) => sum + group.count, 0),
    exact: list.every((group) => group.exact),
  }));
}

interface ReasonFilterProps {
  counts: ReturnType<typeof totalsByReason>;
  filter: StuckFilter;
}

/** One link per reason with its count, and one back to every reason, in the current place. */
export function ReasonFilter({ counts, filter }: ReasonFilterProps) {
  const place = { target: filter.target, system: filter.system, queue: filter.queue };
  const placed = place.target || place.system || place.queue;
  const chip = (active: boolean) =>
    clsx(
      "rounded-full px-3 py-1 text-sm ring-1",
      active
        ? "bg-slate-900 text-white ring-slate-900"
        : "bg-white text-slate-700 ring-slate-200 hover:bg-slate-50",
    );
  return (
    <nav aria-label="Stuck reasons" className="mb-4 flex flex-wrap items-center gap-2">
      <Link href={stuckHref(place)} className={chip(!filter.reason)}>
        Every reason
      </Link>
      {counts.map(({ code, count, exact }) => (
        <Link
          key={code}
          href={stuckHref({ ...place, reason: code })}
          className={chip(filter.reason === code)}
          aria-current={filter.reason === code ? "page" : undefined}
        >
          {STUCK_LABELS[code]}{" "}
          <span className="tabular-nums opacity-75">
            {formatCount(count, exact ? "exact" : "lower-bound")}
          </span>
        </Link>
      ))}
      {placed ? (
        <Link
          href={stuckHref({ reason: filter.reason })}
          className="ml-2 text-sm text-sky-800 hover:underline"
        >
          Every queue
        </Link>
      ) : null}
    </nav>
  );
}
