import { acolibFixture } from "./acolib/fixture";
import { coachArtieFixture } from "./coach-artie/fixture";
import type { SystemFixture } from "./fixture";
import { webhooksFixture } from "./generic/fixture";
import { maintenanceAgentFixture } from "./maintenance-agent/fixture";
import { marieFixture } from "./marie/fixture";
import { modelCoordinationFixture } from "./model-coordination/fixture";

/**
 * The demo's targets, in the order the overview shows them: the five seed systems, and a
 * hand-rolled queue that only the configuration describes.
 */
export const DEMO_FIXTURES: readonly SystemFixture[] = [
  marieFixture,
  coachArtieFixture,
  modelCoordinationFixture,
  acolibFixture,
  maintenanceAgentFixture,
  webhooksFixture,
];
