import Link from "next/link";

interface GridPagerProps {
  firstHref: string | null;
  prevHref: string | null;
  nextHref: string | null;
}

/** Keyset pages both ways: every page is as fast as the first. */
export function GridPager({ firstHref, prevHref, nextHref }: GridPagerProps) {
  const link = (href: string | null, label: string, rel?: string) =>
    href ? (
      <Link href={href} rel={rel} className="text-sky-800 hover:underline">
        {label}
      </Link>
    ) : (
      <span className="text-slate-400">{label}</span>
    );
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center gap-4 text-sm">
      {link(firstHref, "⇤ First")}
      {link(prevHref, "← Previous", "prev")}
      {link(nextHref, "Next →", "next")}
    </nav>
  );
}
