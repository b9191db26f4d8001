"use client";

import { useRouter } from "next/navigation";
import { useActionState } from "react";
import type { Result } from "@/lib/result";

interface SignInFormProps {
  next: string;
  signIn: (input: unknown) => Promise<Result<{ next: string }>>;
}

type State = { message: string | null; fieldErrors: Record<string, string[]> };

export function SignInForm({ next, signIn }: SignInFormProps) {
  const router = useRouter();
  const [state, submit, pending] = useActionState<State, FormData>(
    async (_previous, form) => {
      const result = await signIn({
        name: form.get("name"),
        password: form.get("password"),
        next,
      });
      if (result.ok) {
        router.replace(result.data.next);
        router.refresh();
        return { message: null, fieldErrors: {} };
      }
      return { message: result.message, fieldErrors: result.fieldErrors ?? {} };
    },
    { message: null, fieldErrors: {} },
  );

  return (
    <form action={submit} className="flex flex-col gap-4" aria-label="Sign in">
      {state.message ? (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200"
        >
          {state.message}
        </p>
      ) : null}
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
        Name
        <input
          name="name"
          autoComplete="username"
          required
          className="rounded-md border border-slate-300 px-3 py-2 font-normal"
        />
        {state.fieldErrors.name ? (
          <span className="text-xs text-red-700">{state.fieldErrors.name[0]}</span>
        ) : null}
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="rounded-md border border-slate-300 px-3 py-2 font-normal"
        />
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-800 disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
