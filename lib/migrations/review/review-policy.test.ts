import { describe, expect, it } from "vitest";
import type { LintFinding } from "../lint/finding";
import type { Review } from "./review-model";
import {
  applyRefusal,
  approvalBlockers,
  cancelRefusal,
  decisionRefusal,
  typedConfirmationFor,
  voidReason,
} from "./review-policy";

const alice = { id: "operator:a", name: "alice" };
const admin = { id: "operator:b", name: "admin" };

const finding = (code: string, severity: LintFinding["severity"], line = 3): LintFinding => ({
  code,
  severity,
  reason: `${code} reason`,
  saferPattern: "",
  line,
  column: 1,
  excerpt: "ALTER TABLE jobs …",
  lock: "ACCESS EXCLUSIVE",
  table: null,
  ...(code === "destructive" ? { needsTypedConfirmation: true } : {}),
});

function review(overrides: Partial<Review> = {}): Review {
  return {
    id: 7,
    targetId: "mc",
    sourceId: "sql",
    direction: "apply",
    state: "checked",
    files: [{ migrationId: "027_x", name: "x", sql: "select 1", fileHash: "a".repeat(64) }],
    contentHash: "c",
    note: null,
    requestedBy: alice,
    requestedAt: new Date(0),
    lint: [{ migrationId: "027_x", findings: [], notes: [] }],
    dryRun: null,
    checkedAt: new Date(0),
    decidedBy: null,
    decidedAt: null,
    decisionComment: null,
    overriddenFindings: [],
    appliedBy: null,
    applyStartedAt: null,
    finishedAt: null,
    progress: [],
    error: null,
    ...overrides,
  };
}

const approve = (overrides: string[] = [], allowSelfApproval = false) => ({
  approve: true,
  overrides,
  allowSelfApproval,
});

describe("decisionRefusal", () => {
  it("lets another admin approve a clean checked review", () => {
    expect(decisionRefusal(review(), admin, approve())).toBeNull();
  });

  it("refuses self-approval by default and allows it when the target says so", () => {
    expect(decisionRefusal(review(), alice, approve())?.code).toBe("self_approval");
    expect(decisionRefusal(review(), alice, approve([], true))).toBeNull();
  });

  it("lets the requester reject their own review", () => {
    expect(decisionRefusal(review(), alice, { ...approve(), approve: false })).toBeNull();
  });

  it("refuses before the checks are attached and after a decision", () => {
    expect(decisionRefusal(review({ state: "requested" }), admin, approve())?.message).toMatch(
      /still being checked/,
    );
    expect(decisionRefusal(review({ state: "approved" }), admin, approve())?.code).toBe("conflict");
  });

  it("needs an override naming every error finding, and only real ones", () => {
    const risky = review({
      lint: [
        {
          migrationId: "027_x",
          findings: [finding("not-null-without-default", "error", 4), finding("rename", "warning")],
          notes: [],
        },
      ],
    });
    expect(approvalBlockers(risky).map((b) => b.key)).toEqual(["027_x:4:not-null-without-default"]);
    expect(decisionRefusal(risky, admin, approve())?.code).toBe("override_required");
    expect(decisionRefusal(risky, admin, approve(["027_x:4:not-null-without-default"]))).toBeNull();
    expect(
      decisionRefusal(
        risky,
        admin,
        approve(["027_x:4:not-null-without-default", "027_x:9:made-up"]),
      )?.code,
    ).toBe("invalid_input");
  });

  it("never approves a migration that touches a protected table, override or not", () => {
    const protectedOne = review({
      lint: [{ migrationId: "027_x", findings: [finding("protected-table", "error")], notes: [] }],
    });
    const refusal = decisionRefusal(protectedOne, admin, approve(["027_x:3:protected-table"]));
    expect(refusal?.code).toBe("not_approvable");
  });

  it("counts a failed dry run as a blocker to override", () => {
    const failed = review({
      dryRun: {
        ranAt: "",
        ok: false,
        lockTimeoutMs: 1,
        statementTimeoutMs: 1,
        catalogUnchanged: true,
        notes: [],
        files: [
          {
            migrationId: "027_x",
            transaction: { mode: "transaction", reason: null },
            ok: false,
            durationMs: 1,
            statements: [
              {
                index: 0,
                line: 2,
                column: 1,
                excerpt: "x",
                status: "failed",
                durationMs: 1,
                changes: [],
                error: { message: "boom", code: "42703", line: 2, column: 5 },
              },
            ],
          },
        ],
      },
    });
    expect(approvalBlockers(failed)[0]?.key).toBe("027_x:2:dry-run-failed");
    expect(decisionRefusal(failed, admin, approve())?.code).toBe("override_required");
  });
});

describe("voidReason", () => {
  it("is null while every file hashes the same and names a changed or vanished file", () => {
    const r = review();
    expect(voidReason(r, new Map([["027_x", "a".repeat(64)]]))).toBeNull();
    expect(voidReason(r, new Map([["027_x", "b".repeat(64)]]))).toMatch(/027_x changed/);
    expect(voidReason(r, new Map())).toMatch(/027_x no longer exists/);
  });
});

describe("applyRefusal", () => {
  it("applies only an approved review whose files still match", () => {
    const approved = review({ state: "approved" });
    expect(applyRefusal(approved, { voidReason: null, typed: null })).toBeNull();
    expect(applyRefusal(approved, { voidReason: "027_x changed", typed: null })?.code).toBe(
      "approval_void",
    );
    expect(applyRefusal(review(), { voidReason: null, typed: null })?.code).toBe("conflict");
  });

  it("names who is applying it already", () => {
    const applying = review({ state: "applying", appliedBy: admin, applyStartedAt: new Date(0) });
    expect(applyRefusal(applying, { voidReason: null, typed: null })?.message).toMatch(
      /already being applied by admin/,
    );
  });

  it("asks for the target's id when a statement is destructive", () => {
    const destructive = review({
      state: "approved",
      lint: [{ migrationId: "027_x", findings: [finding("destructive", "warning")], notes: [] }],
    });
    expect(typedConfirmationFor(destructive)).toBe("mc");
    expect(applyRefusal(destructive, { voidReason: null, typed: "nope" })?.code).toBe(
      "confirmation_required",
    );
    expect(applyRefusal(destructive, { voidReason: null, typed: "mc" })).toBeNull();
  });
});

describe("cancelRefusal", () => {
  it("lets the requester or an admin cancel before the apply starts", () => {
    expect(cancelRefusal(review(), alice, false)).toBeNull();
    expect(cancelRefusal(review(), { id: "operator:c", name: "carol" }, false)?.code).toBe(
      "forbidden",
    );
    expect(cancelRefusal(review(), admin, true)).toBeNull();
    expect(cancelRefusal(review({ state: "applied" }), admin, true)?.code).toBe("conflict");
  });
});
