import { z } from "zod";
import { parseParams } from "../parse-params";

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: "ok" | "refused" | "failed";
  from?: Date;
  to?: Date;
}

const text = z
  .string()
  .trim()
  .max(200)
  .transform((value) => value || undefined)
  .optional();

const date = z
  .string()
  .trim()
  .max(40)
  .transform((value, ctx) => {
    if (!value) return undefined;
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime())) {
      ctx.addIssue({ code: "custom", message: "expected an ISO date or date-time" });
      return z.NEVER;
    }
    return parsed;
  })
  .optional();

const schema = z.object({
  actor: text,
  action: text,
  target: text,
  outcome: z
    .string()
    .transform((value) => value || undefined)
    .pipe(z.enum(["ok", "refused", "failed"]).optional())
    .optional(),
  from: date,
  to: date,
  cursor: z.string().optional(),
});

export type AuditQueryResult =
  /** `cursor` is the signed cursor as given; the audit list verifies it (lib/cursor.ts). */
  | { ok: true; filter: AuditFilter; cursor: string | null }
  | { ok: false; parameter: string; message: string };

/** Reads the audit page's (and export's) filters from URL search params. */
export function parseAuditParams(params: URLSearchParams): AuditQueryResult {
  const parsed = parseParams(schema, params, [
    "actor",
    "action",
    "target",
    "outcome",
    "from",
    "to",
    "cursor",
  ]);
  if (!parsed.ok) return parsed;
  const { cursor, ...rest } = parsed.value;
  const filter: AuditFilter = Object.fromEntries(
    Object.entries(rest).filter(([, value]) => value !== undefined),
  );
  return { ok: true, filter, cursor: cursor || null };
}
