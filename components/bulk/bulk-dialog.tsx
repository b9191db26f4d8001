"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Dialog } from "@/components/ui/dialog";
import { ACTION_LABELS, ACTION_PAST } from "@/lib/jobs/actions";
import type { BulkRequest } from "@/lib/jobs/bulk-request";
import { holdRefresh } from "@/lib/refresh-pause";
import type { Result } from "@/lib/result";
import { operationHref, previewHref } from "@/lib/urls";

interface Preview {
  total: number | null;
  overCap: boolean;
  cap: number;
  typedConfirmation: boolean;
  writes: string;
  jobs: { id: string; rawState: string | null }[];
}

interface BulkDialogProps {
  open: boolean;
  onClose: () => void;
  request: Omit<BulkRequest, "reason" | "confirmCount">;
  /** What the jobs are, in words: "the 3 selected jobs", "every job matching this filter". */
  describe: string;
  start: (input: unknown) => Promise<Result<{ operationId: string; total: number }>>;
}

/**
 * Preview, confirm, start: how many jobs and which, what the action writes, the number typed
 * back above 100 jobs, an optional reason. Then the operation's progress page.
 */
export function BulkDialog({ open, onClose, request, describe, start }: BulkDialogProps) {
  const router = useRouter();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [typed, setTyped] = useState("");
  const [reason, setReason] = useState("");
  const [pending, startTransition] = useTransition();
  const label = ACTION_LABELS[request.action];
  const requestKey = JSON.stringify(request);

  useEffect(() => {
    if (!open) return;
    const release = holdRefresh();
    setPreview(null);
    setError(null);
    setTyped("");
    const asked = JSON.parse(requestKey) as BulkDialogProps["request"];
    const url = previewHref(asked.target, asked.system, asked.queue, {
      action: asked.action,
      source: asked.source,
      ...asked.filter,
      ids: asked.ids?.join(","),
      stuck: asked.stuck,
    });
    fetch(url)
      .then(async (response) => {
        const body = await response.json();
        if (!response.ok)
          throw new Error(body.error?.message ?? `preview failed (${response.status})`);
        setPreview(body as Preview);
      })
      .catch((failure: Error) => setError(failure.message));
    return release;
  }, [open, requestKey]);

  const ready =
    preview !== null &&
    !preview.overCap &&
    (preview.total ?? 0) > 0 &&
    (!preview.typedConfirmation || Number(typed) === preview.total);

  const run = () =>
    startTransition(async () => {
      const result = await start({
        ...request,
        reason: reason || undefined,
        confirmCount: preview?.typedConfirmation ? Number(typed) : undefined,
      });
      if (!result.ok) {
        setError(result.message);
        return;
      }
      onClose();
      router.push(operationHref(result.data.operationId));
    });

  return (
    <Dialog open={open} title={`${label} ${describe}`} onClose={onClose}>
      {preview === null && !error ? (
        <p className="text-sm text-slate-600">Counting the jobs…</p>
      ) : null}
      {preview ? (
        <div className="flex flex-col gap-3 text-sm">
          {preview.overCap ? (
            <p role="alert" className="text-red-700">
              More than {preview.cap.toLocaleString("en")} jobs match, the most one operation may
              touch. Narrow the filter.
            </p>
          ) : (
            <p>
              <strong className="tabular-nums">{preview.total?.toLocaleString("en")}</strong> jobs
              would be {ACTION_PAST[request.action]} (each only if still as it is now). It writes:
            </p>
          )}
          <p className="rounded bg-slate-100 px-2 py-1 font-mono text-xs">{preview.writes}</p>
          {preview.jobs.length > 0 ? (
            <details open={preview.jobs.length <= 5}>
              <summary className="cursor-pointer text-slate-600">
                The first {preview.jobs.length} of them
              </summary>
              <ul
                aria-label="Jobs in the preview"
                className="mt-1 max-h-40 overflow-y-auto font-mono text-xs"
              >
                {preview.jobs.map((job) => (
                  <li key={job.id}>
                    {job.id} <span className="text-slate-500">{job.rawState}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {preview.typedConfirmation ? (
            <label className="flex flex-col gap-1">
              Type the number of jobs ({preview.total}) to confirm
              <input
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
                inputMode="numeric"
                aria-label="Number of jobs to confirm"
                className="rounded border border-slate-300 px-2 py-1 font-mono"
              />
            </label>
          ) : null}
          <label className="flex flex-col gap-1">
            Reason (optional, kept in the audit log)
            <textarea
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              rows={2}
              maxLength={1000}
              className="rounded border border-slate-300 px-2 py-1"
            />
          </label>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="mt-4 flex justify-end gap-2">
        <button
          type="button"
          onClick={onClose}
          className="rounded-md px-3 py-1 text-sm hover:bg-slate-100"
        >
          Close
        </button>
        <button
          type="button"
          disabled={!ready || pending}
          onClick={run}
          className="rounded-md bg-slate-800 px-3 py-1 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50"
        >
          {pending ? "Starting…" : `${label} ${preview?.total ?? ""} jobs`}
        </button>
      </div>
    </Dialog>
  );
}
