import type { SQL } from "drizzle-orm";
import type { ActionCode } from "@/lib/jobs/actions";
import type { JobState } from "@/lib/jobs/job-state";
import type { TargetTransaction } from "./target-transaction";

/** Who asked, for what the system's own log records. */
export interface ActionAuthor {
  name: string;
  reason: string | null;
}

/**
 * An operator action a source supports: which jobs it applies to, the columns it writes, and
 * what it records in the system's own history. The engine adds the compare-and-set.
 */
export interface JobAction {
  code: ActionCode;
  /** One sentence for the page and the README: what the action writes. */
  writes: string;
  /** Canonical states (after refinements) the action applies to. */
  from: readonly JobState[];
  /** A further condition, e.g. "the lease has expired". */
  when?: SQL;
  /** The SET list of the UPDATE. */
  set: SQL;
  /** Writes the system's own log rows for the changed jobs, in the same target transaction. */
  record?: (tx: TargetTransaction, jobIds: string[], author: ActionAuthor) => Promise<void>;
}

/** An action the system cannot express, with the reason the page shows instead of a button. */
export interface UnsupportedAction {
  code: ActionCode;
  why: string;
}

export interface SourceActions {
  supported: readonly JobAction[];
  unsupported: readonly UnsupportedAction[];
}
