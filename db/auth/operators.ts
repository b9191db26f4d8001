import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Role } from "@/lib/auth/roles";
import type { HomeExecutor } from "../home-executor";
import { operators, sessions } from "../schema";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./passwords";

export const OPERATOR_NAME = /^[a-z0-9][a-z0-9._@-]{0,62}$/;

/** A refusal an operator should read: the code is stable, the message says what to do. */
export class OperatorError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "OperatorError";
    this.code = code;
  }
}

export interface OperatorSummary {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: Date;
}

export function normalizeOperatorName(name: string): string {
  const normalized = name.trim().toLowerCase();
  if (!OPERATOR_NAME.test(normalized)) {
    throw new OperatorError(
      "invalid_name",
      "A name is 1–63 lowercase letters, digits, '.', '_', '@' or '-', starting with a letter or digit.",
    );
  }
  return normalized;
}

export async function createOperator(
  executor: HomeExecutor,
  input: { name: string; password: string; role: Role },
): Promise<OperatorSummary> {
  const name = normalizeOperatorName(input.name);
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new OperatorError(
      "weak_password",
      `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  }
  const [row] = await executor
    .insert(operators)
    .values({ name, role: input.role, passwordHash: await hashPassword(input.password) })
    .onConflictDoNothing({ target: operators.name })
    .returning();
  if (!row) throw new OperatorError("name_taken", `An operator named "${name}" already exists.`);
  return summarize(row);
}

export async function listOperators(executor: HomeExecutor): Promise<OperatorSummary[]> {
  const rows = await executor.select().from(operators).orderBy(asc(operators.name));
  return rows.map(summarize);
}

/**
 * Changes a role or disables/enables an operator, refusing to leave no active admin. The active
 * admins are locked first, so two admins demoting each other at once cannot both succeed.
 */
export async function updateOperator(
  executor: HomeExecutor,
  name: string,
  change: { role?: Role; disabled?: boolean },
): Promise<{ before: OperatorSummary; after: OperatorSummary }> {
  const normalized = normalizeOperatorName(name);
  const admins = await executor
    .select({ id: operators.id })
    .from(operators)
    .where(and(eq(operators.role, "admin"), isNull(operators.disabledAt)))
    .for("update");
  const [current] = await executor
    .select()
    .from(operators)
    .where(eq(operators.name, normalized))
    .for("update");
  if (!current) throw new OperatorError("not_found", `No operator named "${normalized}".`);

  const before = summarize(current);
  const role = change.role ?? before.role;
  const disabled = change.disabled ?? before.disabled;
  const staysActiveAdmin = role === "admin" && !disabled;
  const isActiveAdmin = before.role === "admin" && !before.disabled;
  if (isActiveAdmin && !staysActiveAdmin && admins.length <= 1) {
    throw new OperatorError(
      "last_admin",
      `"${normalized}" is the last active admin; make another admin first.`,
    );
  }

  const [updated] = await executor
    .update(operators)
    .set({
      role,
      disabledAt: disabled ? (current.disabledAt ?? sql`now()`) : null,
      updatedAt: sql`now()`,
    })
    .where(eq(operators.id, current.id))
    .returning();
  if (disabled || role !== before.role) {
    // A change of rights takes effect now, not when old sessions expire.
    await executor.delete(sessions).where(eq(sessions.operatorId, current.id));
  }
  return { before, after: summarize(updated ?? current) };
}

function summarize(row: typeof operators.$inferSelect): OperatorSummary {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    disabled: row.disabledAt !== null,
    hasPassword: row.passwordHash !== null,
    createdAt: row.createdAt,
  };
}
