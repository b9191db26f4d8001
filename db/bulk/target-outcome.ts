import { sql } from "drizzle-orm";
import { queryRows } from "../jobs/dialect";
import type { TargetConnection } from "../targets/connect";

export type TargetOutcome = "committed" | "aborted" | "in_progress";

/**
 * Whether a prepared batch's target transaction committed, from the target's own commit log
 * (txid_status). A transaction still open is "in_progress": ask again later. SQLite keeps no
 * transaction ids: a batch prepared there is taken as committed (its commit follows at once, in
 * the same process, with no network in between).
 */
export async function targetOutcome(
  connection: TargetConnection,
  txid: string | null,
): Promise<TargetOutcome> {
  if (connection.kind === "sqlite" || txid === null) return "committed";
  const [row] = await queryRows(connection, sql`select txid_status(${txid}::bigint) as status`);
  if (row?.status === "committed") return "committed";
  if (row?.status === "in progress") return "in_progress";
  return "aborted";
}
