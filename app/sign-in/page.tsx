import { TrainTrack } from "lucide-react";
import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { homeStatus } from "@/db/home-status";
import { getConfig } from "@/db/targets/registry";
import { DEMO_ACCOUNTS } from "@/lib/demo-accounts";
import { signInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

interface SignInPageProps {
  searchParams: Promise<{ next?: string }>;
}

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const { next } = await searchParams;
  const demo = process.env.SWITCHYARD_DEMO === "1";
  const home = await homeStatus();
  const passMinutes = getConfig().auth.outageReadMinutes;
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-900 px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-xl">
        <div className="mb-6 flex items-center gap-2">
          <TrainTrack className="size-6 text-amber-500" aria-hidden />
          <h1 className="text-lg font-semibold">Sign in to Switchyard</h1>
        </div>
        {home.reachable ? null : (
          <div className="mb-4">
            <Alert tone="danger" title="Signing in is not possible right now">
              Switchyard's home database is unavailable ({home.error}). Without it a sign-in cannot
              be checked or audited, so it is refused until the database is back.
              {passMinutes > 0
                ? ` Operators already signed in keep read-only access for up to ${passMinutes} minutes.`
                : ""}
            </Alert>
          </div>
        )}
        <SignInForm next={next ?? "/"} signIn={signInAction} />
        {demo ? (
          <section
            aria-label="Demo accounts"
            className="mt-6 border-t border-slate-200 pt-4 text-xs text-slate-600"
          >
            <p className="mb-2 font-medium">This is the demo. Its accounts:</p>
            <table className="w-full font-mono">
              <tbody>
                {DEMO_ACCOUNTS.map((account) => (
                  <tr key={account.name}>
                    <td className="py-0.5 pr-2">{account.name}</td>
                    <td className="py-0.5 pr-2">{account.password}</td>
                    <td className="py-0.5 font-sans text-slate-500">{account.role}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
      </div>
    </main>
  );
}
