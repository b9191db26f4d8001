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

/**
 * Drops the home client after the home database could not be reached; the next call to home()
 * connects afresh. postgres.js 3.4.9 can keep a connection that was cut in the middle of a
 * transaction counted as busy for good, so a pool that lived through an outage may never hand
 * out a connection for a transaction again.
 */
export function discardHome(): void {
  const old = holder.switchyardHome;
  holder.switchyardHome = undefined;
  old?.sql.end({ timeout: 0 }).catch(() => {});
}
