import "server-only";
import { cached } from "../cache";
import { checkIndexAdvice, type IndexAdviceStatus, indexAdviceFor } from "../jobs/index-advice";
import { connectionFor } from "../targets/registry";
import type { ResolvedQueue } from "./queue-view";

/**
 * The indexes that would make this queue's views fast, and which the target already has.
 * Indexes change rarely: shared for a minute. SQLite targets get none (their tables are small).
 */
export function indexAdviceOf(resolved: ResolvedQueue): Promise<IndexAdviceStatus[]> {
  const { target, instance, source } = resolved;
  const connection = connectionFor(target);
  if (connection.kind !== "postgres") return Promise.resolve([]);
  return cached(`index-advice:${target.id}:${instance.system}:${source.id}`, 60_000, () =>
    checkIndexAdvice(connection, indexAdviceFor(source)),
  );
}
