import "server-only";
import { describeDatabaseError, isUnreachable } from "@/lib/database-error";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { cached } from "./cache";
import { discardHome, type HomeDatabase, home } from "./index";
import { withTimeout } from "./targets/health";

export type HomeStatus = { reachable: true } | { reachable: false; error: string };

const PROBE_TIMEOUT_MS = 3_000;

/** Whether the home database answers, probed at most every 2 s and shared by every request. */
export function homeStatus(): Promise<HomeStatus> {
  return cached("home-status", 2_000, async (): Promise<HomeStatus> => {
    try {
      await withTimeout(home().sql`select 1`, PROBE_TIMEOUT_MS);
      return { reachable: true };
    } catch (error) {
      discardHome();
      return { reachable: false, error: describeDatabaseError(error) };
    }
  });
}

/**
 * A read of Switchyard's own tables (audit log, bulk operations, operators): the home database
 * being unreachable becomes HomeUnavailableError, which routes answer with 503 and pages with
 * a notice instead of an error page.
 */
export async function readHome<T>(load: (db: HomeDatabase["db"]) => Promise<T>): Promise<T> {
  try {
    return await load(home().db);
  } catch (error) {
    if (isUnreachable(error)) {
      discardHome();
      throw new HomeUnavailableError(describeDatabaseError(error));
    }
    throw error;
  }
}

/** For pages: the value, or the HomeUnavailableError to show instead of it. */
export function orHomeUnavailable<T>(promise: Promise<T>): Promise<T | HomeUnavailableError> {
  return promise.catch((error: unknown) => {
    if (error instanceof HomeUnavailableError) return error;
    throw error;
  });
}
