import { DatabaseZap } from "lucide-react";

interface HomeUnavailableBannerProps {
  /** The driver's reason. */
  error: string;
}

/** Across the top of every console page while Switchyard's home database cannot be reached. */
export function HomeUnavailableBanner({ error }: HomeUnavailableBannerProps) {
  return (
    <div
      role="alert"
      className="flex items-start gap-2 border-b border-red-300 bg-red-50 px-8 py-2 text-sm text-red-900"
    >
      <DatabaseZap className="mt-0.5 size-4 shrink-0" aria-hidden />
      <p>
        <span className="font-semibold">
          Home database unavailable: read-only, changes refused.
        </span>{" "}
        Switchyard cannot reach its own database ({error}), so nothing can be audited: signing in
        and every change are refused until it is back. Targets that answer can still be read.
      </p>
    </div>
  );
}
