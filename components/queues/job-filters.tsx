import Link from "next/link";
import type { JobFilter } from "@/lib/jobs/job-filter";
import type { JobState } from "@/lib/jobs/job-state";

interface JobFiltersProps {
  filter: JobFilter;
  state: JobState | undefined;
  rawStates: readonly string[];
  hasType: boolean;
  resetHref: string;
}

function dateInput(date: Date | undefined): string {
  return date ? date.toISOString().slice(0, 16) : "";
}

/** A plain GET form: the URL carries every filter, so a filtered view can be shared and reloaded. */
export function JobFilters({ filter, state, rawStates, hasType, resetHref }: JobFiltersProps) {
  return (
    <form
      method="get"
      className="mt-3 flex flex-wrap items-end gap-3 text-sm"
      aria-label="Filter jobs"
    >
      {state ? <input type="hidden" name="state" value={state} /> : null}
      <Field label="Raw state">
        <select name="rawState" defaultValue={filter.rawState ?? ""} className={INPUT}>
          <option value="">any</option>
          {rawStates.map((raw) => (
            <option key={raw} value={raw}>
              {raw}
            </option>
          ))}
        </select>
      </Field>
      {hasType ? (
        <Field label="Type">
          <input name="type" defaultValue={filter.type ?? ""} className={INPUT} />
        </Field>
      ) : null}
      <Field label="Created from (UTC)">
        <input
          type="datetime-local"
          name="from"
          defaultValue={dateInput(filter.createdFrom)}
          className={INPUT}
        />
      </Field>
      <Field label="Created before (UTC)">
        <input
          type="datetime-local"
          name="to"
          defaultValue={dateInput(filter.createdTo)}
          className={INPUT}
        />
      </Field>
      <Field label="Job id">
        <input name="id" defaultValue={filter.id ?? ""} className={`${INPUT} w-72 font-mono`} />
      </Field>
      <button
        type="submit"
        className="rounded-md bg-slate-800 px-3 py-1 text-white hover:bg-slate-700"
      >
        Apply
      </button>
      <Link href={resetHref} className="py-1 text-slate-600 hover:underline">
        Reset
      </Link>
    </form>
  );
}

const INPUT = "rounded border border-slate-300 bg-white px-2 py-1";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in
    <label className="flex flex-col gap-0.5 text-xs text-slate-600">
      {label}
      {children}
    </label>
  );
}
