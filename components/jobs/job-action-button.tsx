"use client";

import clsx from "clsx";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Dialog } from "@/components/ui/dialog";
import type { ActionCode } from "@/lib/jobs/actions";
import type { Result } from "@/lib/result";

export interface JobActionTarget {
  target: string;
  system: string;
  source: string;
  jobId: string;
  seenState: string | null;
  seenVersion: string | null;
}

interface JobActionButtonProps {
  job: JobActionTarget;
  action: ActionCode;
  label: string;
  /** What the action writes, shown before the operator confirms. */
  writes: string;
  act: (input: unknown) => Promise<Result<{ state: string | null }>>;
  size?: "normal" | "small";
}

const DESTRUCTIVE: readonly ActionCode[] = ["cancel", "skip"];

/** An action on one job: confirm (with what it writes and an optional reason), then compare-and-set. */
export function JobActionButton({
  job,
  action,
  label,
  writes,
  act,
  size = "normal",
}: JobActionButtonProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const danger = DESTRUCTIVE.includes(action);

  const confirm = () =>
    startTransition(async () => {
      const result = await act({ ...job, action, reason: reason || undefined });
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setOpen(false);
      toast.success(`${label}: job ${job.jobId} is now ${result.data.state ?? "changed"}`);
      router.refresh();
    });

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        className={clsx(
          "rounded-md font-medium",
          size === "small" ? "px-2 py-0.5 text-xs" : "px-3 py-1 text-sm",
          danger
            ? "bg-red-700 text-white hover:bg-red-600"
            : "bg-slate-800 text-white hover:bg-slate-700",
        )}
      >
        {label}
      </button>
      <Dialog open={open} title={`${label} job ${job.jobId}?`} onClose={() => setOpen(false)}>
        <p className="text-sm text-slate-700">
          Only if the job is still{" "}
          <span className="font-mono">{job.seenState ?? "without a state"}</span> and unchanged
          since you loaded it; otherwise nothing is done. It writes:
        </p>
        <p className="mt-2 rounded bg-slate-100 px-2 py-1 font-mono text-xs">{writes}</p>
        <label className="mt-3 flex flex-col gap-1 text-sm text-slate-700">
          Reason (optional, kept in the audit log)
          <textarea
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            rows={2}
            maxLength={1000}
            className="rounded border border-slate-300 px-2 py-1"
          />
        </label>
        {error ? (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <button
            type="button"
            onClick={() => setOpen(false)}
            className="rounded-md px-3 py-1 text-sm hover:bg-slate-100"
          >
            Close
          </button>
          <button
            type="button"
            disabled={pending}
            onClick={confirm}
            className={clsx(
              "rounded-md px-3 py-1 text-sm font-medium text-white disabled:opacity-60",
              danger ? "bg-red-700 hover:bg-red-600" : "bg-slate-800 hover:bg-slate-700",
            )}
          >
            {pending ? "Working…" : `${label} job`}
          </button>
        </div>
      </Dialog>
    </>
  );
}
