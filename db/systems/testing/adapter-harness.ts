import { expect } from "vitest";
import type { JobFilter } from "@/lib/jobs/job-filter";
import type { JobSource } from "../../jobs/job-source";
import { listJobs } from "../../jobs/list-jobs";
import type { TargetConnection } from "../../targets/connect";
import type { SystemInstance, TargetSystems } from "../discover";

/** The instance of `system` on the target, failing the test with the absence reason if missing. */
export function instanceOf(systems: TargetSystems, system: string): SystemInstance {
  const instance = systems.instances.find((candidate) => candidate.system === system);
  if (!instance) {
    const absent = systems.absent.find((candidate) => candidate.system === system);
    throw new Error(`${system} not detected: ${absent?.reason ?? "not attempted"}`);
  }
  return instance;
}

export function sourceOf(instance: SystemInstance, id: string): JobSource {
  const source = instance.sources.find((candidate) => candidate.id === id);
  expect(source, `source ${id} of ${instance.system}`).toBeDefined();
  return source as JobSource;
}

/**
 * Follows cursors to the end and returns every id seen, in order. `between` runs after each page
 * (to insert rows while paging, as a live system does).
 */
export async function pageThrough(
  connection: TargetConnection,
  source: JobSource,
  queue: string,
  options: { filter?: JobFilter; pageSize?: number; between?: () => Promise<void> } = {},
): Promise<string[]> {
  const ids: string[] = [];
  let cursor = null;
  for (let page = 0; page < 10_000; page++) {
    const result = await listJobs(
      connection,
      source,
      queue,
      options.filter ?? {},
      cursor,
      options.pageSize ?? 7,
    );
    ids.push(...result.jobs.map((job) => job.id));
    if (!result.next) return ids;
    cursor = result.next;
    await options.between?.();
  }
  throw new Error("paging did not end");
}
