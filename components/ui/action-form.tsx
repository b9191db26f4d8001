"use client";

import clsx from "clsx";
import { useRouter } from "next/navigation";
import { type ReactNode, useActionState } from "react";
import type { Result } from "@/lib/result";

interface ActionFormProps<Output> {
  action: (input: unknown) => Promise<Result<Output>>;
  /** Values sent with the form's own fields (ids the operator does not type). */
  values?: Record<string, unknown>;
  submitLabel: string;
  children?: ReactNode;
  /** Asked in a browser confirm() before submitting. */
  confirm?: string;
  onSuccess?: (data: Output) => void;
  tone?: "primary" | "danger" | "plain";
  className?: string;
  label: string;
}

type State = { message: string | null; fieldErrors: Record<string, string[]> };

/** A form that calls a server action with its fields, shows the coded refusal, and refreshes on success. */
export function ActionForm<Output>({
  action,
  values,
  submitLabel,
  children,
  confirm,
  onSuccess,
  tone = "primary",
  className,
  label,
}: ActionFormProps<Output>) {
  const router = useRouter();
  const [state, submit, pending] = useActionState<State, FormData>(
    async (_previous, form) => {
      const input = { ...Object.fromEntries(form.entries()), ...values };
      const result = await action(input);
      if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors ?? {} };
      onSuccess?.(result.data);
      router.refresh();
      return { message: null, fieldErrors: {} };
    },
    { message: null, fieldErrors: {} },
  );
  const errors = Object.entries(state.fieldErrors).map(
    ([field, messages]) => `${field}: ${messages.join(", ")}`,
  );
  return (
    <form
      aria-label={label}
      action={submit}
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
      className={clsx("flex flex-wrap items-end gap-2", className)}
    >
      {children}
      <button
        type="submit"
        disabled={pending}
        className={clsx(
          "rounded-md px-3 py-1 text-sm disabled:opacity-60",
          tone === "primary" && "bg-slate-800 text-white hover:bg-slate-700",
          tone === "danger" && "bg-red-700 text-white hover:bg-red-600",
          tone === "plain" && "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
        )}
      >
        {pending ? "…" : submitLabel}
      </button>
      {state.message ? (
        <p role="alert" className="basis-full text-sm text-red-700">
          {state.message}
          {errors.length > 0 ? ` (${errors.join("; ")})` : ""}
        </p>
      ) : null}
    </form>
  );
}
