import type { SystemAdapter } from "../adapter";
import { detectMarie } from "./detect";
import { explainMarieJob } from "./explain";
import { marieJobSource } from "./job-source";

/** The Marie-AI scheduler: DAGs of jobs in a `job` table partitioned by queue, in `{schema}`. */
export const marieAdapter: SystemAdapter = {
  id: "marie",
  name: "Marie scheduler",
  engine: "postgres",
  // No stuckThresholds: Marie states no stuck bound but each job's own expire_in, which the
  // running_too_long rule measures from (its threshold is the grace past that deadline).
  detect: detectMarie,
  sources(detection) {
    const source = marieJobSource(detection);
    return source ? [source] : [];
  },
  explain: explainMarieJob,
};
