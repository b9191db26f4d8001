"use client";

import { useEffect } from "react";

interface PassRenewerProps {
  /** How often to renew; well inside the pass's lifetime. */
  everyMs: number;
}

/**
 * Keeps the signed-in operator's read-only pass fresh while a console tab is open and visible,
 * so that if the home database goes away they can still read for a while (see README,
 * Reliability). Each renewal is a plain read the home database must vouch for.
 */
export function PassRenewer({ everyMs }: PassRenewerProps) {
  useEffect(() => {
    const renew = () => {
      if (document.visibilityState !== "visible") return;
      fetch("/api/session/pass", { cache: "no-store" }).catch(() => {});
    };
    renew();
    const timer = window.setInterval(renew, everyMs);
    document.addEventListener("visibilitychange", renew);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", renew);
    };
  }, [everyMs]);
  return null;
}
