"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { JsonView } from "@/components/ui/json-view";

interface CellViewerProps {
  /** The rows API for this table. */
  api: string;
  rowKey: string;
  column: string;
  preview: string;
}

type Loaded =
  | { state: "idle" | "loading" }
  | { state: "done"; value: unknown; json: boolean }
  | { state: "error"; message: string };

function parseJson(text: string): { value: unknown; json: boolean } {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return { value: JSON.parse(trimmed), json: true };
    } catch {
      // not JSON after all
    }
  }
  return { value: text, json: false };
}

/** Opens one cell whole: the grid holds only a preview, the viewer fetches the full (masked) value. */
export function CellViewer({ api, rowKey, column, preview }: CellViewerProps) {
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState<Loaded>({ state: "idle" });
  const show = async () => {
    setOpen(true);
    setLoaded({ state: "loading" });
    try {
      const response = await fetch(`${api}?key=${encodeURIComponent(rowKey)}`, {
        cache: "no-store",
      });
      const body = (await response.json()) as {
        row?: { cells: Record<string, { value: string | number | null }> };
        error?: { message: string };
      };
      if (!response.ok || !body.row)
        throw new Error(body.error?.message ?? `HTTP ${response.status}`);
      const value = body.row.cells[column]?.value ?? null;
      setLoaded({
        state: "done",
        ...(typeof value === "string" ? parseJson(value) : { value, json: false }),
      });
    } catch (error) {
      setLoaded({
        state: "error",
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };
  return (
    <>
      <button
        type="button"
        onClick={show}
        title={`Open ${column}`}
        aria-label={`Open ${column}`}
        className="block max-w-xs truncate text-left font-mono text-xs text-slate-800 underline decoration-dotted decoration-slate-400 hover:text-sky-800"
      >
        {preview}
      </button>
      <Dialog open={open} title={column} onClose={() => setOpen(false)}>
        <div className="max-h-[60vh] overflow-auto">
          {loaded.state === "loading" ? <p className="text-sm text-slate-500">Loading…</p> : null}
          {loaded.state === "error" ? (
            <p className="text-sm text-red-700">{loaded.message}</p>
          ) : null}
          {loaded.state === "done" ? (
            loaded.json ? (
              <JsonView value={loaded.value} />
            ) : (
              <pre className="whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 font-mono text-xs">
                {loaded.value === null ? "NULL" : String(loaded.value)}
              </pre>
            )
          ) : null}
        </div>
        <div className="mt-4 flex justify-end">
          <button
            type="button"
            onClick={() => setOpen(false)}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
          >
            Close
          </button>
        </div>
      </Dialog>
    </>
  );
}
