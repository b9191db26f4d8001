import "server-only";
import { home } from "@/db/index";
import { connectionFor, findTarget } from "@/db/targets/registry";
import { NotFoundError } from "@/lib/input-error";
import { findSource, type ReviewContext } from "./review-context";

/** The review context of one source of a configured target, with the app's shared clients. */
export function reviewContextFor(targetId: string, sourceId: string): ReviewContext {
  const target = findTarget(targetId);
  if (!target) throw new NotFoundError("target", targetId);
  return {
    target,
    source: findSource(target, sourceId),
    connection: connectionFor(target),
    home: home(),
  };
}
