import { TrainTrack } from "lucide-react";
import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { DEMO_ACCOUNTS } from "@/lib/demo-accounts";
import { signInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

interface SignInPageProps {
  searchParams: Promise<{ next?: string }>;
}

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const { next } = await searchParams;
  const demo = process.env.SWITCHYARD_DEMO === "1";
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-900 px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-xl">
        <div className="mb-6 flex items-center gap-2">
          <TrainTrack className="size-6 text-amber-500" aria-hidden />
          <h1 className="text-lg font-semibold">Sign in to Switchyard</h1>
        </div>
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
