import { hash, verify } from "@node-rs/argon2";

// Algorithm.Argon2id; the enum is a const enum, which isolated modules cannot read.
const OPTIONS = { algorithm: 2 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Checked when the account does not exist, so "no such account" takes as long as "wrong password".
const DECOY = hash("switchyard decoy password", OPTIONS);

export async function verifyPassword(
  storedHash: string | null,
  password: string,
): Promise<boolean> {
  if (!storedHash) {
    await verify(await DECOY, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
