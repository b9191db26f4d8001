"use client";

import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { refreshPaused } from "@/lib/refresh-pause";

const CHOICES = [0, 5, 15, 30, 60];
const STORAGE_KEY = "switchyard.refreshSeconds";

interface AutoRefreshProps {
  defaultSeconds?: number;
}

/**
 * Re-renders the page from the server every few seconds while the tab is visible and nobody is
 * in the middle of a selection (see lib/refresh-pause). The choice is
 * the operator's and is remembered in this browser; the server shares each read among viewers,
 * so many open tabs cost one query per few seconds, not one each.
 */
export function AutoRefresh({ defaultSeconds = 5 }: AutoRefreshProps) {
  const router = useRouter();
  const [seconds, setSeconds] = useState(defaultSeconds);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored !== null && CHOICES.includes(Number(stored))) setSeconds(Number(stored));
  }, []);

  useEffect(() => {
    if (seconds === 0) return;
    const refresh = () => startTransition(() => router.refresh());
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && !refreshPaused()) refresh();
    }, seconds * 1000);
    const onVisible = () => {
      if (document.visibilityState === "visible") refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [seconds, router]);

  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <RefreshCw
        aria-hidden
        className={pending ? "size-4 animate-spin text-slate-400" : "size-4 text-slate-400"}
      />
      Auto-refresh
      <select
        value={seconds}
        onChange={(event) => {
          const next = Number(event.target.value);
          setSeconds(next);
          window.localStorage.setItem(STORAGE_KEY, String(next));
        }}
        className="rounded border border-slate-300 bg-white px-1.5 py-0.5 text-sm"
      >
        {CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {choice === 0 ? "off" : `every ${choice} s`}
          </option>
        ))}
      </select>
    </label>
  );
}
