"use client";

import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { ACTION_LABELS, type ActionCode } from "@/lib/jobs/actions";
import type { BulkRequest } from "@/lib/jobs/bulk-request";
import { holdRefresh } from "@/lib/refresh-pause";
import type { Result } from "@/lib/result";
import { BulkDialog } from "./bulk-dialog";

interface Selection {
  selected: ReadonlySet<string>;
  toggle(id: string): void;
  setAll(ids: readonly string[], on: boolean): void;
  clear(): void;
}

const SelectionContext = createContext<Selection | null>(null);

function useSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error("job selection used outside BulkSelection");
  return selection;
}

/** Holds the jobs an operator ticked on this page; while any are ticked the page does not refresh. */
export function BulkSelection({ children }: { children: ReactNode }) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => (selected.size > 0 ? holdRefresh() : undefined), [selected.size]);
  const value = useMemo<Selection>(
    () => ({
      selected,
      toggle: (id) =>
        setSelected((current) => {
          const next = new Set(current);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      setAll: (ids, on) =>
        setSelected((current) => {
          const next = new Set(current);
          for (const id of ids) on ? next.add(id) : next.delete(id);
          return next;
        }),
      clear: () => setSelected(new Set()),
    }),
    [selected],
  );
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

export function SelectJob({ id }: { id: string }) {
  const { selected, toggle } = useSelection();
  return (
    <input
      type="checkbox"
      aria-label={`Select job ${id}`}
      checked={selected.has(id)}
      onChange={() => toggle(id)}
      className="size-4"
    />
  );
}

export function SelectAllJobs({ ids }: { ids: readonly string[] }) {
  const { selected, setAll } = useSelection();
  const all = ids.length > 0 && ids.every((id) => selected.has(id));
  return (
    <input
      type="checkbox"
      aria-label="Select every job on this page"
      checked={all}
      onChange={() => setAll(ids, !all)}
      className="size-4"
    />
  );
}

interface BulkBarProps {
  request: Omit<BulkRequest, "action" | "ids" | "reason" | "confirmCount" | "stuck">;
  actions: readonly ActionCode[];
  /** How many jobs the current filter matches (as the tabs count them). */
  matching: string;
  start: (input: unknown) => Promise<Result<{ operationId: string; total: number }>>;
}

/** Act on the ticked jobs, or on every job matching the page's filter, after a preview. */
export function BulkBar({ request, actions, matching, start }: BulkBarProps) {
  const { selected, clear } = useSelection();
  const [action, setAction] = useState<ActionCode | null>(null);
  const [everything, setEverything] = useState(false);
  const ids = everything ? undefined : [...selected];
  if (actions.length === 0) return null;
  return (
    <div
      role="toolbar"
      aria-label="Bulk actions"
      className="mt-3 flex flex-wrap items-center gap-2 rounded-md bg-slate-100 px-3 py-2 text-sm"
    >
      <span className="text-slate-700">
        {selected.size > 0 ? `${selected.size} selected` : "Select jobs, or act on"}
      </span>
      <label className="flex items-center gap-1.5">
        <input type="checkbox" checked={everything} onChange={() => setEverything(!everything)} />
        every job matching this filter ({matching})
      </label>
      {actions.map((code) => (
        <button
          key={code}
          type="button"
          disabled={!everything && selected.size === 0}
          onClick={() => setAction(code)}
          className="rounded-md bg-slate-800 px-3 py-1 text-white hover:bg-slate-700 disabled:opacity-40"
        >
          {ACTION_LABELS[code]}…
        </button>
      ))}
      {selected.size > 0 ? (
        <button type="button" onClick={clear} className="text-slate-600 hover:underline">
          Clear selection
        </button>
      ) : null}
      {action ? (
        <BulkDialog
          open
          onClose={() => setAction(null)}
          request={{ ...request, action, ids }}
          describe={
            everything ? "every job matching this filter" : `the ${selected.size} selected jobs`
          }
          start={start}
        />
      ) : null}
    </div>
  );
}
