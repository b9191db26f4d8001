import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { recordAudit } from "@/db/audit/record-audit";
import { createApiToken, resolveApiToken } from "@/db/auth/api-tokens";
import { createOperator } from "@/db/auth/operators";
import { connectHome } from "@/db/connect-home";
import { operators } from "@/db/schema";
import { DEMO_ACCOUNTS, DEMO_TOKEN_NAME } from "@/lib/demo-accounts";

const DEMO_ACTOR = { kind: "cli" as const, name: "demo" };

/**
 * Creates the demo's four accounts (once) and a viewer API token, kept in `viewer-token` in the
 * data directory so scripts can use the API. Returns the token.
 */
export async function ensureDemoAccounts(homeUrl: string, dataDir: string): Promise<string> {
  const home = connectHome(homeUrl, 2);
  try {
    for (const account of DEMO_ACCOUNTS) {
      const [existing] = await home.db
        .select({ id: operators.id })
        .from(operators)
        .where(eq(operators.name, account.name));
      if (existing) continue;
      await home.db.transaction(async (tx) => {
        await createOperator(tx, account);
        await recordAudit(tx, {
          actor: DEMO_ACTOR,
          action: "operators.add",
          outcome: "ok",
          objects: { name: account.name },
          after: { role: account.role },
        });
      });
    }

    const file = path.join(dataDir, "viewer-token");
    const kept = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
    if (kept && (await resolveApiToken(home.db, kept))) return kept;
    const stamp = new Date().toISOString().slice(0, 19).replace("T", " ").replaceAll(":", ".");
    const { token } = await home.db.transaction(async (tx) => {
      const created = await createApiToken(tx, {
        name: `${DEMO_TOKEN_NAME} ${stamp}`,
        role: "viewer",
        expiresAt: null,
        createdBy: DEMO_ACTOR.name,
      });
      await recordAudit(tx, {
        actor: DEMO_ACTOR,
        action: "tokens.create",
        outcome: "ok",
        objects: { name: created.summary.name },
        after: { role: "viewer" },
      });
      return created;
    });
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
    return token;
  } finally {
    await home.sql.end({ timeout: 2 });
  }
}
