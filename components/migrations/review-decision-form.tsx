"use client";

import type { ReactNode } from "react";
import { ActionForm } from "@/components/ui/action-form";
import type { Blocker } from "@/lib/migrations/review/review-policy";
import type { Result } from "@/lib/result";

interface ReviewDecisionFormProps {
  reviewId: number;
  blockers: Blocker[];
  /** false when the caller requested the review and self-approval is off: only Reject is offered. */
  approvable: boolean;
  decide: (input: unknown) => Promise<Result<{ state: string }>>;
}

/**
 * Approve (with an explicit override of each error finding, when there are any) or reject, with
 * a comment. The server checks everything again; this only lays it out.
 */
export function ReviewDecisionForm({
  reviewId,
  blockers,
  approvable,
  decide,
}: ReviewDecisionFormProps) {
  const overridable = blockers.filter((blocker) => blocker.overridable);
  const fixed = blockers.filter((blocker) => !blocker.overridable);
  const comment = (label: string) => (
    <label className="flex grow flex-col gap-1">
      <span className="text-xs text-slate-500">{label}</span>
      <input
        name="comment"
        required
        maxLength={2000}
        className="rounded-md border border-slate-300 px-2 py-1 text-sm"
      />
    </label>
  );
  return (
    <div className="flex flex-col gap-4 text-sm">
      {!approvable ? null : fixed.length > 0 ? (
        <p className="text-red-700">
          It cannot be approved: {fixed.map((blocker) => blocker.message).join("; ")}.
        </p>
      ) : (
        <ApproveForm reviewId={reviewId} overridable={overridable} decide={decide}>
          {comment("Approval comment (required)")}
        </ApproveForm>
      )}
      <ActionForm
        label="Reject"
        action={decide}
        values={{ reviewId, approve: false }}
        submitLabel="Reject"
        tone="plain"
      >
        {comment("Why it is rejected (required)")}
      </ActionForm>
    </div>
  );
}

function ApproveForm({
  reviewId,
  overridable,
  decide,
  children,
}: Omit<ReviewDecisionFormProps, "blockers" | "approvable"> & {
  overridable: Blocker[];
  children: ReactNode;
}) {
  return (
    <ActionForm
      label="Approve"
      action={async (input) => {
        const fields = input as Record<string, unknown>;
        const overrides = overridable
          .map((b) => b.key)
          .filter((key) => fields[`override:${key}`] === "on");
        return decide({ ...fields, overrides });
      }}
      values={{ reviewId, approve: true }}
      submitLabel={overridable.length > 0 ? "Approve with override" : "Approve"}
    >
      {overridable.length > 0 ? (
        <fieldset className="basis-full rounded-md border border-red-200 bg-red-50 p-3">
          <legend className="px-1 text-xs font-medium text-red-800">
            Error findings: approving means overriding each one, by name (audited)
          </legend>
          {overridable.map((blocker) => (
            <label key={blocker.key} className="flex items-start gap-2 py-0.5">
              <input type="checkbox" name={`override:${blocker.key}`} className="mt-1" />
              <span>
                <code className="text-xs">{blocker.key}</code> — {blocker.message}
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {children}
    </ActionForm>
  );
}
