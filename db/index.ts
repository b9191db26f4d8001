import "server-only";
import { connectHome, type HomeDatabase } from "./connect-home";
import { getConfig } from "./targets/registry";

export type { HomeDatabase } from "./connect-home";

const holder = globalThis as unknown as { switchyardHome?: HomeDatabase };

/** The one client of the home database, where Switchyard keeps its own state. */
export function home(): HomeDatabase {
  holder.switchyardHome ??= connectHome(getConfig().homeUrl);
  return holder.switchyardHome;
}
