"use client";

import { Eye } from "lucide-react";
import { useState, useTransition } from "react";
import type { RevealedCells } from "@/db/tables/reveal-spec";
import type { Result } from "@/lib/result";

interface RevealButtonProps {
  input: { target: string; table: string; key: string };
  reveal: (input: unknown) => Promise<Result<RevealedCells>>;
}

/** Admins only: shows this row's masked values, once asked; the server audits every reveal. */
export function RevealButton({ input, reveal }: RevealButtonProps) {
  const [pending, start] = useTransition();
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<Result<RevealedCells> | null>(null);
  return (
    <div className="flex flex-col gap-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <input
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          placeholder="Why (goes to the audit log)"
          aria-label="Reason for revealing"
          className="w-72 rounded-md border border-slate-300 px-2 py-1.5"
        />
        <button
          type="button"
          disabled={pending}
          onClick={() => start(async () => setResult(await reveal({ ...input, reason })))}
          className="inline-flex items-center gap-1.5 rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-amber-900 hover:bg-amber-100 disabled:opacity-50"
        >
          <Eye className="size-4" aria-hidden /> Reveal secrets (audited)
        </button>
      </div>
      {result && !result.ok ? <p className="text-red-700">{result.message}</p> : null}
      {result?.ok ? (
        Object.keys(result.data.values).length === 0 ? (
          <p className="text-slate-500">Nothing in this row is masked.</p>
        ) : (
          <dl
            aria-label="Revealed values"
            className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1"
          >
            {Object.entries(result.data.values).map(([column, value]) => (
              <div key={column} className="contents">
                <dt className="font-mono text-xs text-slate-500">{column}</dt>
                <dd className="break-all font-mono text-xs">
                  {value === null ? "NULL" : String(value)}
                </dd>
              </div>
            ))}
          </dl>
        )
      ) : null}
    </div>
  );
}
