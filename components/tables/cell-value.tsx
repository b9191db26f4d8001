import { Lock } from "lucide-react";
import Link from "next/link";
import type { Cell } from "@/db/tables/browse-rows";
import { CellViewer } from "./cell-viewer";

interface CellValueProps {
  cell: Cell | undefined;
  /** A link for foreign-key values (the referenced rows). */
  href?: string;
  /** When set, long, truncated or JSON values open in the viewer. */
  viewer?: { api: string; rowKey: string; column: string };
  json: boolean;
}

const MASK_TITLES = {
  column: "This column's name marks it as secret",
  row: "The system flags this row as secret",
  value: "Credentials inside this value are hidden",
};

/** One grid cell: NULL, masked, a link, a short value, or a preview that opens the viewer. */
export function CellValue({ cell, href, viewer, json }: CellValueProps) {
  if (!cell || cell.value === null)
    return <span className="text-xs italic text-slate-400">NULL</span>;
  if (cell.masked === "column" || cell.masked === "row") {
    return (
      <span
        title={MASK_TITLES[cell.masked]}
        className="inline-flex items-center gap-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600"
      >
        <Lock className="size-3" aria-hidden /> masked
      </span>
    );
  }
  const text = String(cell.value);
  const long = cell.truncated || text.length > 60 || json;
  const body =
    viewer && long ? (
      <CellViewer {...viewer} preview={`${text.slice(0, 120)}${cell.truncated ? "…" : ""}`} />
    ) : href ? (
      <Link
        href={href}
        title={text}
        className="block max-w-xs truncate whitespace-nowrap font-mono text-xs text-sky-800 hover:underline"
      >
        {text}
      </Link>
    ) : (
      <span title={text} className="block max-w-xs truncate whitespace-nowrap font-mono text-xs">
        {text}
      </span>
    );
  return cell.masked === "value" ? (
    <span className="inline-flex items-center gap-1" title={MASK_TITLES.value}>
      <Lock className="size-3 shrink-0 text-slate-400" aria-hidden />
      {body}
    </span>
  ) : (
    body
  );
}
