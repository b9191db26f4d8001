import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { ActionRefusal } from "../actions/action-refusal";
import { recordAudit } from "../audit/record-audit";
import { connectHome, type HomeDatabase } from "../connect-home";
import { migrateHome } from "../migrate-home";
import { apiTokens, auditEvents, operators, sessions } from "../schema";
import { createApiToken, resolveApiToken, revokeApiToken } from "./api-tokens";
import { createOperator, OperatorError, updateOperator } from "./operators";
import { verifyPassword } from "./passwords";
import { createSession, resolveSession } from "./sessions";
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  SIGN_IN_ACTION,
  signIn,
} from "./sign-in";

let database: TestDatabase;
let home: HomeDatabase;

beforeAll(async () => {
  database = await createTestDatabase("auth");
  await migrateHome(database.url);
  home = connectHome(database.url, 4);
  await createOperator(home.db, { name: "Root", password: "root-password-1", role: "admin" });
});

afterAll(async () => {
  await home.sql.end();
  await database.drop();
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OperatorError) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("operators", () => {
  it("stores a lowercase name and an argon2id hash, never the password", async () => {
    const [row] = await home.db.select().from(operators).where(eq(operators.name, "root"));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain("root-password-1");
    expect(await verifyPassword(row?.passwordHash ?? null, "root-password-1")).toBe(true);
    expect(await verifyPassword(row?.passwordHash ?? null, "root-password-2")).toBe(false);
  });

  it("refuses a taken name, a bad name and a short password", async () => {
    expect(
      await refusal(
        createOperator(home.db, { name: "root", password: "another-pass-1", role: "viewer" }),
      ),
    ).toBe("name_taken");
    expect(
      await refusal(
        createOperator(home.db, { name: "no spaces", password: "another-pass-1", role: "viewer" }),
      ),
    ).toBe("invalid_name");
    expect(
      await refusal(createOperator(home.db, { name: "shorty", password: "short", role: "viewer" })),
    ).toBe("weak_password");
  });

  it("never leaves no active admin, even when two admins demote each other at once", async () => {
    expect(await refusal(updateOperator(home.db, "root", { role: "operator" }))).toBe("last_admin");
    expect(await refusal(updateOperator(home.db, "root", { disabled: true }))).toBe("last_admin");

    await createOperator(home.db, { name: "second", password: "second-password", role: "admin" });
    const results = await Promise.allSettled([
      home.db.transaction((tx) => updateOperator(tx, "root", { role: "viewer" })),
      home.db.transaction((tx) => updateOperator(tx, "second", { role: "viewer" })),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const admins = await home.db
      .select({ name: operators.name })
      .from(operators)
      .where(sql`${operators.role} = 'admin' and ${operators.disabledAt} is null`);
    expect(admins).toHaveLength(1);
    await home.db.update(operators).set({ role: "admin" }).where(eq(operators.name, "root"));
  });
});

describe("sessions", () => {
  it("end after the idle time, after the absolute time, and when the operator is disabled", async () => {
    const operator = await createOperator(home.db, {
      name: "sess",
      password: "session-password",
      role: "viewer",
    });
    const options = { maxHours: 24, ip: "127.0.0.1", userAgent: "test" };

    const idle = await createSession(home.db, operator.id, options);
    expect(await resolveSession(home.db, idle, 30)).toMatchObject({ name: "sess", role: "viewer" });
    await home.db.update(sessions).set({ lastSeenAt: sql`now() - interval '31 minutes'` });
    expect(await resolveSession(home.db, idle, 30)).toBeNull();

    const absolute = await createSession(home.db, operator.id, options);
    await home.db.update(sessions).set({ expiresAt: sql`now() - interval '1 second'` });
    expect(await resolveSession(home.db, absolute, 30)).toBeNull();

    const live = await createSession(home.db, operator.id, options);
    expect(await resolveSession(home.db, live, 30)).not.toBeNull();
    await updateOperator(home.db, "sess", { disabled: true });
    expect(await resolveSession(home.db, live, 30)).toBeNull();
    const left = await home.db.select().from(sessions).where(eq(sessions.operatorId, operator.id));
    expect(left).toEqual([]);
  });

  it("stores only the token's hash", async () => {
    const [operator] = await home.db.select().from(operators).where(eq(operators.name, "root"));
    const token = await createSession(home.db, operator?.id ?? "", {
      maxHours: 1,
      ip: null,
      userAgent: null,
    });
    const stored = await home.db.select({ hash: sessions.tokenHash }).from(sessions);
    expect(stored.some((row) => row.hash === token)).toBe(false);
    expect(stored.some((row) => row.hash.length === 64)).toBe(true);
  });
});

describe("API tokens", () => {
  it("work until revoked or expired, record their last use, and are stored hashed", async () => {
    const { token, summary } = await createApiToken(home.db, {
      name: "ci",
      role: "viewer",
      expiresAt: null,
      createdBy: "root",
    });
    expect(await resolveApiToken(home.db, token)).toMatchObject({ name: "ci", role: "viewer" });
    const [row] = await home.db.select().from(apiTokens).where(eq(apiTokens.id, summary.id));
    expect(row?.tokenHash).not.toBe(token);
    expect(row?.lastUsedAt).toBeInstanceOf(Date);

    await revokeApiToken(home.db, summary.id);
    expect(await resolveApiToken(home.db, token)).toBeNull();

    const expiring = await createApiToken(home.db, {
      name: "short-lived",
      role: "operator",
      expiresAt: new Date(Date.now() - 1000),
      createdBy: "root",
    });
    expect(await resolveApiToken(home.db, expiring.token)).toBeNull();
    expect(await resolveApiToken(home.db, "syt_forged")).toBeNull();
  });
});

describe("the audit log", () => {
  it("accepts inserts and refuses updates, deletes and truncation", async () => {
    const id = await recordAudit(home.db, {
      actor: { kind: "cli", name: "test" },
      action: "test.event",
      outcome: "ok",
    });
    expect(id).toBeGreaterThan(0);
    const refusedMessage = async (statement: Promise<unknown>) =>
      statement.then(
        () => "allowed",
        (error: unknown) => String((error as { cause?: Error }).cause?.message ?? error),
      );
    expect(
      await refusedMessage(
        home.db.update(auditEvents).set({ outcome: "failed" }).where(eq(auditEvents.id, id)),
      ),
    ).toMatch(/append-only: UPDATE is not allowed/);
    expect(await refusedMessage(home.db.delete(auditEvents).where(eq(auditEvents.id, id)))).toMatch(
      /append-only: DELETE is not allowed/,
    );
    expect(await refusedMessage(home.db.execute(sql`truncate switchyard.audit_events`))).toMatch(
      /append-only: TRUNCATE is not allowed/,
    );
  });
});

describe("sign-in", () => {
  const credentials = { ip: "198.51.100.1", userAgent: "test", sessionMaxHours: 1 };
  const failure = (name: string, ip: string) =>
    recordAudit(home.db, {
      actor: { kind: "anonymous", name },
      ip,
      action: SIGN_IN_ACTION,
      outcome: "refused",
      errorCode: "invalid_credentials",
    });
  const refusalCode = (promise: Promise<unknown>) =>
    promise.then(
      () => "signed in",
      (error: unknown) => (error instanceof ActionRefusal ? error.code : String(error)),
    );

  it("starts a session for the right password and refuses a wrong one without saying which part was wrong", async () => {
    const ok = await signIn(home.db, { ...credentials, name: "ROOT", password: "root-password-1" });
    expect(ok.operator.name).toBe("root");
    expect(await resolveSession(home.db, ok.token, 60)).toMatchObject({ name: "root" });
    const message = (promise: Promise<unknown>) =>
      promise.then(
        () => "signed in",
        (error: unknown) => (error as Error).message,
      );
    const wrong = await message(
      signIn(home.db, { ...credentials, name: "root", password: "nope" }),
    );
    const unknown = await message(
      signIn(home.db, { ...credentials, name: "ghost", password: "nope" }),
    );
    expect(wrong).toBe("Wrong name or password.");
    expect(unknown).toBe(wrong);
  });

  it("locks an account name after repeated failures, even with the right password", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await failure("root", `192.0.2.${i}`);
    expect(
      await refusalCode(
        signIn(home.db, { ...credentials, name: "root", password: "root-password-1" }),
      ),
    ).toBe("rate_limited");
  });

  it("locks an address after repeated failures on any names", async () => {
    await createOperator(home.db, { name: "fresh", password: "fresh-password", role: "viewer" });
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) await failure(`guess${i}`, "203.0.113.9");
    const from = (ip: string) =>
      signIn(home.db, { ...credentials, ip, name: "fresh", password: "fresh-password" });
    expect(await refusalCode(from("203.0.113.9"))).toBe("rate_limited");
    expect(await refusalCode(from("203.0.113.10"))).toBe("signed in");
  });
});
