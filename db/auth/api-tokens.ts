import { and, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Role } from "@/lib/auth/roles";
import { API_TOKEN_PREFIX, newSecret, sha256Hex } from "@/lib/auth/secrets";
import type { HomeExecutor } from "../home-executor";
import { apiTokens } from "../schema";
import { OperatorError } from "./operators";

export interface TokenSummary {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$/;

/** Creates a token and returns its secret: the only time anyone sees it. */
export async function createApiToken(
  executor: HomeExecutor,
  input: { name: string; role: Role; expiresAt: Date | null; createdBy: string },
): Promise<{ token: string; summary: TokenSummary }> {
  if (!TOKEN_NAME.test(input.name)) {
    throw new OperatorError(
      "invalid_name",
      "A token name is 1–63 letters, digits, spaces, '.', '_' or '-'.",
    );
  }
  const token = newSecret(API_TOKEN_PREFIX);
  const [row] = await executor
    .insert(apiTokens)
    .values({
      name: input.name,
      tokenHash: sha256Hex(token),
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      role: input.role,
      expiresAt: input.expiresAt,
      createdBy: input.createdBy,
    })
    .onConflictDoNothing({ target: apiTokens.name })
    .returning();
  if (!row) throw new OperatorError("name_taken", `A token named "${input.name}" already exists.`);
  return { token, summary: summarize(row) };
}

export async function listApiTokens(executor: HomeExecutor): Promise<TokenSummary[]> {
  const rows = await executor.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
  return rows.map(summarize);
}

export async function revokeApiToken(executor: HomeExecutor, id: string): Promise<TokenSummary> {
  const [row] = await executor
    .update(apiTokens)
    .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
    .where(eq(apiTokens.id, id))
    .returning();
  if (!row) throw new OperatorError("not_found", "No such token.");
  return summarize(row);
}

/** The live token behind a bearer secret; records its use at most once a minute. */
export async function resolveApiToken(
  executor: HomeExecutor,
  token: string,
): Promise<TokenSummary | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return null;
  const tokenHash = sha256Hex(token);
  const [row] = await executor
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    );
  if (!row) return null;
  await executor
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, row.id),
        or(
          isNull(apiTokens.lastUsedAt),
          lt(apiTokens.lastUsedAt, sql`now() - interval '1 minute'`),
        ),
      ),
    );
  return summarize(row);
}

function summarize(row: typeof apiTokens.$inferSelect): TokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}
