import type { Provenance } from "@/lib/migrations/model";

const MEANING: Record<Provenance, string> = {
  recorded: "written by the tool that applied it (the ledger)",
  computed: "computed by Switchyard from the files",
  inferred: "inferred by Switchyard (from the catalog or a rule)",
};

interface ProvenanceTagProps {
  provenance: Provenance;
}

/** Where a fact came from: recorded, computed or inferred. */
export function ProvenanceTag({ provenance }: ProvenanceTagProps) {
  return (
    <span
      title={MEANING[provenance]}
      className="rounded bg-slate-100 px-1 py-px text-[10px] font-medium tracking-wide text-slate-500 uppercase"
    >
      {provenance}
    </span>
  );
}
