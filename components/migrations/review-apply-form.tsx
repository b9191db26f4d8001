import { ActionForm } from "@/components/ui/action-form";
import type { Result } from "@/lib/result";

interface ReviewApplyFormProps {
  reviewId: number;
  direction: "apply" | "rollback";
  /** What the admin must type (destructive statements), or null. */
  typedConfirmation: string | null;
  apply: (input: unknown) => Promise<Result<{ state: string }>>;
}

/** Applies an approved review, asking for the target's id when it has destructive statements. */
export function ReviewApplyForm({
  reviewId,
  direction,
  typedConfirmation,
  apply,
}: ReviewApplyFormProps) {
  const verb = direction === "apply" ? "Apply" : "Roll back";
  return (
    <ActionForm
      label={`${verb} review #${reviewId}`}
      action={apply}
      values={{ reviewId }}
      submitLabel={`${verb} now`}
      tone={typedConfirmation ? "danger" : "primary"}
    >
      {typedConfirmation ? (
        <label className="flex flex-col gap-1 text-sm">
          <span className="text-red-800">
            Destructive statements: type <code className="font-semibold">{typedConfirmation}</code>{" "}
            to confirm
          </span>
          <input
            name="confirm"
            autoComplete="off"
            className="rounded-md border border-red-300 px-2 py-1"
          />
        </label>
      ) : null}
    </ActionForm>
  );
}
