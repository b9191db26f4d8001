import Link from "next/link";
import type { AuditFilter } from "@/lib/audit/audit-filter";

interface AuditFiltersProps {
  filter: AuditFilter;
  exportHref: (format: "csv" | "json") => string;
}

const INPUT = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";

/** A GET form: the filters live in the URL, and the export links carry the same filters. */
export function AuditFilters({ filter, exportHref }: AuditFiltersProps) {
  const date = (value: Date | undefined) => (value ? value.toISOString().slice(0, 16) : "");
  return (
    <form
      method="get"
      aria-label="Filter audit events"
      className="mb-4 flex flex-wrap items-end gap-3 text-xs text-slate-600"
    >
      <label className="flex flex-col gap-0.5">
        Who
        <input name="actor" defaultValue={filter.actor ?? ""} className={INPUT} />
      </label>
      <label className="flex flex-col gap-0.5">
        Action
        <input
          name="action"
          defaultValue={filter.action ?? ""}
          placeholder="auth.sign_in"
          className={INPUT}
        />
      </label>
      <label className="flex flex-col gap-0.5">
        Target
        <input name="target" defaultValue={filter.target ?? ""} className={INPUT} />
      </label>
      <label className="flex flex-col gap-0.5">
        Outcome
        <select name="outcome" defaultValue={filter.outcome ?? ""} className={INPUT}>
          <option value="">any</option>
          <option value="ok">ok</option>
          <option value="refused">refused</option>
          <option value="failed">failed</option>
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        From (UTC)
        <input
          type="datetime-local"
          name="from"
          defaultValue={date(filter.from)}
          className={INPUT}
        />
      </label>
      <label className="flex flex-col gap-0.5">
        Before (UTC)
        <input type="datetime-local" name="to" defaultValue={date(filter.to)} className={INPUT} />
      </label>
      <button
        type="submit"
        className="rounded-md bg-slate-800 px-3 py-1 text-sm text-white hover:bg-slate-700"
      >
        Apply
      </button>
      <Link href="/audit" className="py-1 text-sm hover:underline">
        Reset
      </Link>
      <span className="ml-auto flex gap-3 py-1 text-sm">
        Export:
        <a href={exportHref("csv")} className="text-sky-800 hover:underline">
          CSV
        </a>
        <a href={exportHref("json")} className="text-sky-800 hover:underline">
          JSON
        </a>
      </span>
    </form>
  );
}
