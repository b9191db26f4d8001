import type { SystemAdapter } from "../adapter";
import { detectModelCoordination, SYSTEM_ID } from "./detect";
import { explainExecution } from "./explain-execution";
import { explainJob } from "./explain-job";
import { EXECUTIONS_SOURCE, modelCoordinationSources } from "./sources";

/**
 * The image/video generation app whose worker runs jobs one at a time through a coordinator
 * slot (job_queue_state), with multi-step workflows tracked in workflow_executions.
 */
export const modelCoordinationAdapter: SystemAdapter = {
  id: SYSTEM_ID,
  name: "Model coordination",
  engine: "postgres",
  detect: detectModelCoordination,
  sources: modelCoordinationSources,
  explain(connection, detection, job) {
    return job.sourceId === EXECUTIONS_SOURCE
      ? explainExecution(connection, detection, job)
      : explainJob(connection, detection, job);
  },
};
