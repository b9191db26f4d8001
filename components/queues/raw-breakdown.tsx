import Link from "next/link";
import type { BucketCount } from "@/db/jobs/count-states";
import { formatCount } from "@/lib/format";
import { STATE_LABELS } from "@/lib/jobs/state-style";

interface RawBreakdownProps {
  buckets: BucketCount[];
  href: (rawState: string) => string;
}

/** How the system's own states add up to the canonical ones, refinements spelled out. */
export function RawBreakdown({ buckets, href }: RawBreakdownProps) {
  const shown = buckets.filter((bucket) => bucket.count > 0);
  if (shown.length === 0) return null;
  return (
    <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
      <span>Raw states:</span>
      {shown.map((bucket) => (
        <span key={bucket.key}>
          {bucket.raw === null ? (
            <span
              className="font-mono text-amber-800"
              title="Values this adapter does not know; counted, never hidden"
            >
              undocumented values
            </span>
          ) : (
            <Link href={href(bucket.raw)} className="font-mono text-slate-700 hover:underline">
              {bucket.raw}
            </Link>
          )}{" "}
          {formatCount(bucket.count, bucket.exact ? "exact" : "estimate")}
          {bucket.because ? (
            <span>
              {" "}
              → {STATE_LABELS[bucket.state].toLowerCase()} ({bucket.because})
            </span>
          ) : null}
        </span>
      ))}
    </p>
  );
}
