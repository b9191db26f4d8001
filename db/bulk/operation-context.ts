import type { JobAction } from "../jobs/job-action";
import type { JobSource } from "../jobs/job-source";
import type { TargetConnection } from "../targets/connect";
import type { BulkOperation } from "./claim-batch";

/** What a worker needs to apply an operation's action on its target. */
export interface OperationContext {
  connection: TargetConnection;
  source: JobSource;
  action: JobAction;
}

/**
 * Finds an operation's target connection, job source and action (the app resolves them from its
 * configuration and the target's catalog). May fail while the target is unreachable.
 */
export type ContextResolver = (operation: BulkOperation) => Promise<OperationContext>;
