"use client";

import { useState } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { ROLES } from "@/lib/auth/roles";
import type { Result } from "@/lib/result";

interface CreateTokenFormProps {
  create: (input: unknown) => Promise<Result<{ token: string; name: string }>>;
}

/** Creates a token and shows its secret this once; the server keeps only a hash. */
export function CreateTokenForm({ create }: CreateTokenFormProps) {
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  return (
    <div className="flex flex-col gap-3">
      <ActionForm
        label="Create a token"
        action={create}
        submitLabel="Create"
        onSuccess={setCreated}
      >
        <label className="flex flex-col text-xs text-slate-600">
          Name
          <input
            name="name"
            required
            maxLength={63}
            className="rounded border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Role
          <select
            name="role"
            defaultValue="viewer"
            className="rounded border border-slate-300 px-2 py-1 text-sm"
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Expires after (days, empty for never)
          <input
            name="expiresInDays"
            inputMode="numeric"
            className="w-40 rounded border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
      </ActionForm>
      {created ? (
        <div
          role="status"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-amber-200"
        >
          <p className="font-medium">Token "{created.name}": copy it now, it is not shown again.</p>
          <input
            readOnly
            value={created.token}
            aria-label="New token"
            onFocus={(event) => event.currentTarget.select()}
            className="mt-1 block w-full rounded bg-white px-2 py-1 font-mono text-xs"
          />
          <p className="mt-1 text-xs">
            Use it as <code>Authorization: Bearer …</code> on any /api route.
          </p>
        </div>
      ) : null}
    </div>
  );
}
