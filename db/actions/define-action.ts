import "server-only";
import type { Result } from "@/lib/result";
import { type ActionSpec, runGuarded } from "./run-guarded";

/**
 * Every server action is made with this: `export const retryJob = defineAction({...})` in an
 * `actions.ts` file. A test fails if any server action is exported any other way.
 */
export function defineAction<Input, Output>(
  spec: ActionSpec<Input, Output>,
): (input: unknown) => Promise<Result<Output>> {
  return (input) => runGuarded(spec, input);
}
