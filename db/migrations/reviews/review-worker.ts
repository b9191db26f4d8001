import "server-only";
import { discardHome, home } from "@/db/index";
import { describeDatabaseError, isUnreachable } from "@/lib/database-error";
import { settleInterruptedApplies } from "../apply/settle-interrupted";
import { checkNextReview } from "./check-next-review";
import { reviewContextFor } from "./registry-context";

const POLL_MS = 1_000;
const SETTLE_EVERY = 10;

const holder = globalThis as unknown as { switchyardReviewWorker?: boolean };

/**
 * Starts this instance's review worker (once per process): it attaches lint and dry run to
 * requested reviews, and settles applies an instance left unfinished when it died.
 */
export function startReviewWorker(): void {
  if (holder.switchyardReviewWorker) return;
  holder.switchyardReviewWorker = true;
  let round = 0;
  const loop = async () => {
    try {
      if (round++ % SETTLE_EVERY === 0) await settleInterruptedApplies(home(), reviewContextFor);
      while ((await checkNextReview(home(), reviewContextFor)) !== null) {}
    } catch (error) {
      console.error("switchyard: review worker:", describeDatabaseError(error));
      if (isUnreachable(error)) discardHome();
    }
    setTimeout(loop, POLL_MS).unref();
  };
  setTimeout(loop, 0).unref();
}
