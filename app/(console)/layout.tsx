import type { ReactNode } from "react";
import { PassRenewer } from "@/components/auth/pass-renewer";
import { HomeUnavailableBanner } from "@/components/layout/home-unavailable-banner";
import { Sidebar } from "@/components/layout/sidebar";
import { currentActor } from "@/db/auth/request-context";
import { homeStatus } from "@/db/home-status";
import { getConfig } from "@/db/targets/registry";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // Pages check access themselves (requirePageRole); the layout only shows who is signed in.
  const [actor, status] = await Promise.all([currentActor().catch(() => null), homeStatus()]);
  const homeError = actor?.homeUnavailable ?? (status.reachable ? null : status.error);
  const passMinutes = getConfig().auth.outageReadMinutes;
  return (
    <div className="flex min-h-screen">
      <Sidebar actor={actor} />
      <div className="flex min-w-0 flex-1 flex-col">
        {homeError ? <HomeUnavailableBanner error={homeError} /> : null}
        <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
      </div>
      {actor?.kind === "operator" && !homeError && passMinutes > 0 ? (
        <PassRenewer everyMs={Math.min(5, passMinutes / 3) * 60_000} />
      ) : null}
    </div>
  );
}
