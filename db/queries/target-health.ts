import "server-only";
import { checkHealth, type TargetHealth } from "../targets/health";
import { connectionFor, listTargets } from "../targets/registry";
import { recordHealth } from "../targets/target-status";

/** Health of every target in parallel, recorded in the home database (for "last seen"). */
export async function checkAllTargets(): Promise<TargetHealth[]> {
  const results = await Promise.all(
    listTargets().map((target) => checkHealth(target, connectionFor(target))),
  );
  await recordHealth(results);
  return results;
}
