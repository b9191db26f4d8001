import type { SQL } from "drizzle-orm";
import type { ActionCode } from "@/lib/jobs/actions";
import type { StuckCode } from "@/lib/stuck/stuck-codes";

interface RuleBase {
  code: StuckCode;
  /** The sentence for one job: its age in the condition, the threshold, and its details. */
  explain(ageSeconds: number, thresholdSeconds: number, details: Record<string, unknown>): string;
  suggestedAction: ActionCode | null;
}

/** A condition on the source's own rows: which are stuck, since when, and what else to show. */
export interface TableRule extends RuleBase {
  kind?: "table";
  /** Stuck rows, given the threshold in seconds. */
  where(thresholdSeconds: number): SQL;
  /** When the job entered the condition (a timestamp expression). */
  since: SQL;
  /** Further values the explanation uses, by name. */
  details?: Readonly<Record<string, SQL>>;
}

/**
 * A condition that is not about one row of the job table (a coordinator row naming a job that
 * is gone): a whole query returning id, queue, raw_state, since and age (seconds), plus any
 * columns the explanation uses.
 */
export interface CustomRule extends RuleBase {
  kind: "custom";
  rows(thresholdSeconds: number): SQL;
}

export type StuckRule = TableRule | CustomRule;

/** A role rule that does not hold for a source, with the reason (shown where rules are listed). */
export interface RuleNotChecked {
  kind: "not-checked";
  code: StuckCode;
  why: string;
}

/** What a source may declare: its own rules, and the role rules it turns off. */
export type SourceStuckRule = StuckRule | RuleNotChecked;

export function notChecked(code: StuckCode, why: string): RuleNotChecked {
  return { kind: "not-checked", code, why };
}
