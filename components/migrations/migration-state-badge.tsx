import { Badge } from "@/components/ui/badge";
import type { MigrationState } from "@/lib/migrations/model";
import type { Tone } from "@/lib/tone";

const TONE: Record<MigrationState, Tone> = {
  applied: "green",
  pending: "blue",
  appears_applied: "violet",
  drifted: "red",
  missing_file: "red",
  failed: "red",
  dirty: "red",
  out_of_order: "amber",
};

export const STATE_LABEL: Record<MigrationState, string> = {
  applied: "applied",
  pending: "pending",
  appears_applied: "appears applied",
  drifted: "drifted",
  missing_file: "missing file",
  failed: "failed",
  dirty: "dirty",
  out_of_order: "out of order",
};

export const STATE_MEANING: Record<MigrationState, string> = {
  applied: "The ledger records it and the file matches.",
  pending: "No ledger records it; it has not run.",
  appears_applied: "No ledger records it, but every object it creates exists in the database.",
  drifted: "The file changed after it was applied: its checksum differs from the recorded one.",
  missing_file: "The ledger records it, but the file is gone.",
  failed: "The ledger says it started and did not finish.",
  dirty: "golang-migrate marked the schema dirty at this version.",
  out_of_order:
    "Pending, but older than the newest applied migration: a tool may silently skip it.",
};

interface MigrationStateBadgeProps {
  state: MigrationState;
}

export function MigrationStateBadge({ state }: MigrationStateBadgeProps) {
  return (
    <Badge tone={TONE[state]} title={STATE_MEANING[state]}>
      {STATE_LABEL[state]}
    </Badge>
  );
}
