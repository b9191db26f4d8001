import "server-only";
import { connectHome, HOME_POOL_SIZE, type HomeDatabase } from "./connect-home";
import { applicationName } from "./instance-name";
import { getConfig } from "./targets/registry";

export type { HomeDatabase } from "./connect-home";

const holder = globalThis as unknown as { switchyardHome?: HomeDatabase };

/** The one client of the home database, where Switchyard keeps its own state. */
export function home(): HomeDatabase {
  holder.switchyardHome ??= connectHome(
    getConfig().homeUrl,
    HOME_POOL_SIZE,
    applicationName("switchyard-home"),
  );
  return holder.switchyardHome;
}
