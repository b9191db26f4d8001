"use client";

import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import type { Result } from "@/lib/result";

interface SignOutButtonProps {
  signOut: (input: unknown) => Promise<Result<null>>;
}

export function SignOutButton({ signOut }: SignOutButtonProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          await signOut({});
          router.replace("/sign-in");
          router.refresh();
        })
      }
      className="flex items-center gap-1.5 text-xs text-slate-400 hover:text-white"
    >
      <LogOut className="size-3.5" aria-hidden />
      Sign out
    </button>
  );
}
