import Link from "next/link";

interface PagerProps {
  firstHref: string | null;
  nextHref: string | null;
  /** What is listed, plural: "jobs", "events". */
  noun: string;
}

/** Keyset pages go forward only; "Newest" returns to the top. */
export function Pager({ firstHref, nextHref, noun }: PagerProps) {
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center gap-4 text-sm">
      {firstHref ? (
        <Link href={firstHref} className="text-sky-800 hover:underline">
          ← Newest
        </Link>
      ) : null}
      {nextHref ? (
        <Link href={nextHref} className="text-sky-800 hover:underline" rel="next">
          Older {noun} →
        </Link>
      ) : (
        <span className="text-slate-400">No older {noun}</span>
      )}
    </nav>
  );
}
