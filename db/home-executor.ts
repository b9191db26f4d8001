import type { HomeDatabase } from "./connect-home";

/** The home database, or a transaction on it: functions that write take either. */
export type HomeExecutor =
  | HomeDatabase["db"]
  | Parameters<Parameters<HomeDatabase["db"]["transaction"]>[0]>[0];
