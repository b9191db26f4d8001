"use client";

import { useState } from "react";
import type { BulkRequest } from "@/lib/jobs/bulk-request";
import type { Result } from "@/lib/result";
import { BulkDialog } from "./bulk-dialog";

interface BulkButtonProps {
  label: string;
  request: Omit<BulkRequest, "reason" | "confirmCount">;
  describe: string;
  start: (input: unknown) => Promise<Result<{ operationId: string; total: number }>>;
}

/** Opens the bulk preview for a scope fixed by the page (a stuck rule on a queue). */
export function BulkButton({ label, request, describe, start }: BulkButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50"
      >
        {label}
      </button>
      {open ? (
        <BulkDialog
          open={open}
          onClose={() => setOpen(false)}
          request={request}
          describe={describe}
          start={start}
        />
      ) : null}
    </>
  );
}
