import "server-only";
import { connectHome, type HomeDatabase } from "./connect-home";
import { applicationName } from "./instance-name";
import { getConfig } from "./targets/registry";

export type { HomeDatabase } from "./connect-home";

/** Sessions of one instance on the home database, at most (named switchyard-home in pg_stat_activity). */
export const HOME_POOL_SIZE = 10;

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
