import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { deriveKey } from "@/lib/auth/secrets";
import type { HomeExecutor } from "./home-executor";
import { settings } from "./schema";

const SECRET_KEY = "server_secret";

/**
 * The server secret every instance shares: read from `switchyard.settings`, created there by
 * whichever instance needs it first (the others' inserts lose the race and read the winner's).
 */
export async function loadServerSecret(executor: HomeExecutor): Promise<Buffer> {
  await executor
    .insert(settings)
    .values({ key: SECRET_KEY, value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await executor
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, SECRET_KEY));
  if (!row) throw new Error("switchyard.settings has no server_secret after inserting it");
  return Buffer.from(row.value, "base64url");
}

/** What a signed value protects: each purpose signs with its own key derived from the secret. */
export type KeyPurpose = "cursor" | "outage-pass";

export function keyFor(secret: Uint8Array, purpose: KeyPurpose): Buffer {
  return deriveKey(secret, purpose);
}
