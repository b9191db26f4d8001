import clsx from "clsx";
import type { ReactNode } from "react";

interface AlertProps {
  tone: "danger" | "warning" | "info";
  title?: string;
  children: ReactNode;
}

const TONES = {
  danger: "bg-red-50 text-red-900 ring-red-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  info: "bg-sky-50 text-sky-900 ring-sky-200",
};

/** A banner confined to the panel it sits in; the rest of the page keeps working. */
export function Alert({ tone, title, children }: AlertProps) {
  return (
    <div
      role={tone === "info" ? "status" : "alert"}
      className={clsx("rounded-md px-3 py-2 text-sm ring-1 ring-inset", TONES[tone])}
    >
      {title ? <p className="font-medium">{title}</p> : null}
      <div className="break-words">{children}</div>
    </div>
  );
}
