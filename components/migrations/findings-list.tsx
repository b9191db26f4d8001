import clsx from "clsx";
import type { Finding } from "@/lib/migrations/model";
import { ProvenanceTag } from "./provenance-tag";

interface FindingsListProps {
  findings: readonly Finding[];
}

const DOT = { error: "bg-red-500", warning: "bg-amber-500", info: "bg-slate-400" };

export function FindingsList({ findings }: FindingsListProps) {
  if (findings.length === 0) return null;
  return (
    <ul className="flex flex-col gap-1 text-sm">
      {findings.map((finding) => (
        <li key={`${finding.code}:${finding.file ?? ""}:${finding.message}`} className="flex gap-2">
          <span
            aria-hidden
            className={clsx("mt-1.5 size-2 shrink-0 rounded-full", DOT[finding.severity])}
          />
          <span className="text-slate-700">
            <span className="sr-only">{finding.severity}: </span>
            {finding.message} <ProvenanceTag provenance={finding.provenance} />
          </span>
        </li>
      ))}
    </ul>
  );
}
