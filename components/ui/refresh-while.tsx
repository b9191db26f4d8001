"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

interface RefreshWhileProps {
  active: boolean;
  everyMs: number;
}

/** Re-renders the page from the server every `everyMs` while `active` (a running operation's progress). */
export function RefreshWhile({ active, everyMs }: RefreshWhileProps) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, everyMs);
    return () => window.clearInterval(timer);
  }, [active, everyMs, router]);
  return null;
}
