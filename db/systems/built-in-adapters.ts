import { acolibAdapter } from "./acolib/adapter";
import type { SystemAdapter } from "./adapter";
import { coachArtieAdapter } from "./coach-artie/adapter";
import { maintenanceAgentAdapter } from "./maintenance-agent/adapter";
import { marieAdapter } from "./marie/adapter";
import { modelCoordinationAdapter } from "./model-coordination/adapter";

/** Every system Switchyard recognises on its own, in the order the overview lists them. */
export const BUILT_IN_ADAPTERS: readonly SystemAdapter[] = [
  marieAdapter,
  coachArtieAdapter,
  modelCoordinationAdapter,
  acolibAdapter,
  maintenanceAgentAdapter,
];
