import "server-only";
import { type CursorCodec, cursorCodec } from "@/lib/cursor";
import { describeDatabaseError, isUnreachable } from "@/lib/database-error";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { type Signer, signer } from "@/lib/signed";
import { home } from "./index";
import { keyFor, loadServerSecret } from "./server-secret";

const holder = globalThis as unknown as { switchyardSecret?: Promise<Buffer> };

/**
 * The shared server secret, read from the home database once per process and then kept: it
 * never changes, so cursors and read-only passes still verify while the home database is away.
 */
export function serverSecret(): Promise<Buffer> {
  if (!holder.switchyardSecret) {
    const loading = loadServerSecret(home().db).catch((error: unknown) => {
      if (holder.switchyardSecret === loading) holder.switchyardSecret = undefined;
      throw isUnreachable(error) ? new HomeUnavailableError(describeDatabaseError(error)) : error;
    });
    holder.switchyardSecret = loading;
  }
  return holder.switchyardSecret;
}

/** Signs and verifies the keyset cursors of every list (jobs, table rows, audit). */
export async function appCursors(): Promise<CursorCodec> {
  return cursorCodec(keyFor(await serverSecret(), "cursor"));
}

/** Signs and verifies read-only passes (lib/auth/outage-pass.ts). */
export async function passSigner(): Promise<Signer> {
  return signer(keyFor(await serverSecret(), "outage-pass"));
}
