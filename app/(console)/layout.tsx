import type { ReactNode } from "react";
import { Sidebar } from "@/components/layout/sidebar";
import { currentActor } from "@/db/auth/request-context";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // Pages check access themselves (requirePageRole); the layout only shows who is signed in.
  const actor = await currentActor().catch(() => null);
  return (
    <div className="flex min-h-screen">
      <Sidebar actor={actor} />
      <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
    </div>
  );
}
