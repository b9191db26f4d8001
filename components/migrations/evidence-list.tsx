import { Check, X } from "lucide-react";
import type { Evidence } from "@/lib/migrations/model";

interface EvidenceListProps {
  evidence: Evidence;
}

/** What the catalog says about each object the migration creates (parsed with libpg-query). */
export function EvidenceList({ evidence }: EvidenceListProps) {
  return (
    <div className="text-sm">
      <p className="mb-2 text-slate-600">
        {evidence.matched} of {evidence.total} objects this migration creates exist in the database.
      </p>
      <ul className="grid gap-1 sm:grid-cols-2">
        {evidence.items.map((item) => (
          <li key={`${item.kind}:${item.name}`} className="flex items-center gap-2">
            {item.exists ? (
              <Check className="size-4 text-emerald-600" aria-label="exists" />
            ) : (
              <X className="size-4 text-red-600" aria-label="does not exist" />
            )}
            <span className="w-16 text-xs text-slate-500">{item.kind}</span>
            <span className="font-mono text-xs">{item.name}</span>
          </li>
        ))}
      </ul>
      {evidence.notes.length > 0 ? (
        <ul className="mt-2 text-xs text-slate-500">
          {evidence.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
