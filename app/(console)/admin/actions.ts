"use server";

import { z } from "zod";
import { defineAction } from "@/db/actions/define-action";
import { createApiToken, revokeApiToken } from "@/db/auth/api-tokens";
import { createOperator, updateOperator } from "@/db/auth/operators";
import { forgetCached } from "@/db/cache";
import { saveThreshold } from "@/db/stuck/threshold-settings";
import { ROLES } from "@/lib/auth/roles";
import { parseDuration } from "@/lib/duration";
import { STUCK_CODES } from "@/lib/stuck/stuck-codes";

const role = z.enum(ROLES, { error: `expected one of ${ROLES.join(", ")}` });
const name = z.string().trim().min(1).max(63);
const reason = z.string().max(1000).optional();

export const addOperator = defineAction({
  name: "operators.add",
  role: "admin",
  input: z.object({ name, role, password: z.string().max(500), reason }),
  async run(input, { tx }) {
    const operator = await createOperator(tx, input);
    return {
      data: { name: operator.name },
      audit: { objects: { name: operator.name }, after: { role: operator.role } },
    };
  },
  revalidate: () => ["/admin/operators"],
});

export const setOperatorRole = defineAction({
  name: "operators.set_role",
  role: "admin",
  input: z.object({ name, role, reason }),
  async run(input, { tx }) {
    const { before, after } = await updateOperator(tx, input.name, { role: input.role });
    return {
      data: { name: after.name, role: after.role },
      audit: {
        objects: { name: after.name },
        before: { role: before.role },
        after: { role: after.role },
      },
    };
  },
  revalidate: () => ["/admin/operators"],
});

export const setOperatorDisabled = defineAction({
  name: "operators.set_disabled",
  role: "admin",
  input: z.object({
    name,
    disabled: z.enum(["true", "false"]).transform((value) => value === "true"),
    reason,
  }),
  async run(input, { tx }) {
    const { before, after } = await updateOperator(tx, input.name, { disabled: input.disabled });
    return {
      data: { name: after.name, disabled: after.disabled },
      audit: {
        objects: { name: after.name },
        before: { disabled: before.disabled },
        after: { disabled: after.disabled },
      },
    };
  },
  revalidate: () => ["/admin/operators"],
});

export const createToken = defineAction({
  name: "tokens.create",
  role: "admin",
  input: z.object({
    name: z.string().trim().min(1).max(63),
    role,
    expiresInDays: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (!value) return null;
        const days = Number(value);
        if (!Number.isInteger(days) || days < 1 || days > 3650) {
          ctx.addIssue({
            code: "custom",
            message: "expected a whole number of days (1–3650), or empty for none",
          });
          return z.NEVER;
        }
        return days;
      }),
    reason,
  }),
  async run(input, { tx, actor }) {
    const expiresAt =
      input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * 86_400_000);
    const { token, summary } = await createApiToken(tx, {
      name: input.name,
      role: input.role,
      expiresAt,
      createdBy: actor?.name ?? "unknown",
    });
    return {
      data: { token, name: summary.name },
      audit: {
        objects: { name: summary.name, prefix: summary.prefix },
        after: { role: summary.role, expiresAt },
      },
    };
  },
  revalidate: () => ["/admin/tokens"],
});

export const revokeToken = defineAction({
  name: "tokens.revoke",
  role: "admin",
  input: z.object({ id: z.uuid(), reason }),
  async run(input, { tx }) {
    const token = await revokeApiToken(tx, input.id);
    return {
      data: { name: token.name },
      audit: { objects: { name: token.name, prefix: token.prefix } },
    };
  },
  revalidate: () => ["/admin/tokens"],
});

export const setStuckThreshold = defineAction({
  name: "settings.stuck_threshold",
  role: "admin",
  input: z.object({
    target: z.string().min(1).max(100),
    system: z.string().max(100).default(""),
    queue: z.string().max(200).default(""),
    code: z.enum(STUCK_CODES),
    /** A duration ("15m"), or empty to remove the setting. */
    value: z
      .string()
      .trim()
      .max(20)
      .transform((value, ctx) => {
        if (value === "") return null;
        const seconds = parseDuration(value);
        if (seconds === null) {
          ctx.addIssue({
            code: "custom",
            message: 'expected a duration such as "90s", "15m" or "2h"',
          });
          return z.NEVER;
        }
        return seconds;
      }),
    reason,
  }),
  async run(input, { tx, actor }) {
    const change = {
      target: input.target,
      system: input.system,
      queue: input.queue,
      code: input.code,
      seconds: input.value,
    };
    const before = await saveThreshold(tx, change, actor?.name ?? "unknown");
    forgetCached(`thresholds:${input.target}`, "stuck");
    return {
      data: { seconds: input.value },
      audit: {
        target: input.target,
        system: input.system || null,
        objects: { queue: input.queue || null, rule: input.code },
        before: { seconds: before },
        after: { seconds: input.value },
      },
    };
  },
  revalidate: () => ["/admin/thresholds", "/stuck"],
});
