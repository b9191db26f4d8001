import os from "node:os";
import { parseArgs } from "node:util";
import { recordAudit } from "@/db/audit/record-audit";
import { createOperator, listOperators, OperatorError, updateOperator } from "@/db/auth/operators";
import { connectHome } from "@/db/connect-home";
import { migrateHome } from "@/db/migrate-home";
import { loadConfig } from "@/db/targets/load-config";
import { ROLES, type Role } from "@/lib/auth/roles";
import { ConfigError } from "@/lib/config/config-error";
import { describeDatabaseError } from "@/lib/database-error";
import { readSecret } from "./lib/read-secret";

const USAGE = `Usage: npm run operator -- <command>

  add <name> --role <viewer|operator|admin>   create an operator (password from a prompt, or stdin)
  list                                        list operators
  set-role <name> <viewer|operator|admin>     change a role
  disable <name>                              stop an operator from signing in (ends their sessions)
  enable <name>                               let a disabled operator sign in again

Every change is written to the audit log as done by cli:<your user name>.`;

function role(value: string | undefined): Role {
  if (!ROLES.includes(value as Role))
    throw new UsageError(`expected a role (${ROLES.join(", ")}), got "${value ?? ""}"`);
  return value as Role;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, name, extra] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }

  const { homeUrl } = loadConfig();
  await migrateHome(homeUrl);
  const home = connectHome(homeUrl, 2);
  const actor = { kind: "cli" as const, name: `cli:${os.userInfo().username}` };
  try {
    switch (command) {
      case "list": {
        for (const operator of await listOperators(home.db)) {
          const state = operator.disabled ? "disabled" : "active";
          console.log(`${operator.name.padEnd(24)} ${operator.role.padEnd(9)} ${state}`);
        }
        return;
      }
      case "add": {
        if (!name) throw new UsageError("add needs a name");
        const password = await readSecret(`Password for ${name}: `);
        const created = await home.db.transaction(async (tx) => {
          const operator = await createOperator(tx, { name, password, role: role(values.role) });
          await recordAudit(tx, {
            actor,
            action: "operators.add",
            outcome: "ok",
            objects: { name: operator.name },
            after: { role: operator.role },
          });
          return operator;
        });
        console.log(`added ${created.name} (${created.role})`);
        return;
      }
      case "set-role":
      case "disable":
      case "enable": {
        if (!name) throw new UsageError(`${command} needs a name`);
        const change =
          command === "set-role" ? { role: role(extra) } : { disabled: command === "disable" };
        const { before, after } = await home.db.transaction(async (tx) => {
          const changed = await updateOperator(tx, name, change);
          await recordAudit(tx, {
            actor,
            action: command === "set-role" ? "operators.set_role" : `operators.${command}`,
            outcome: "ok",
            objects: { name: changed.after.name },
            before: { role: changed.before.role, disabled: changed.before.disabled },
            after: { role: changed.after.role, disabled: changed.after.disabled },
          });
          return changed;
        });
        console.log(
          `${after.name}: ${before.role}${before.disabled ? " (disabled)" : ""} → ${after.role}${after.disabled ? " (disabled)" : ""}`,
        );
        return;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await home.sql.end({ timeout: 2 });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
  else if (error instanceof OperatorError) console.error(`refused: ${error.message}`);
  else if (error instanceof ConfigError)
    console.error(`switchyard: invalid configuration\n${error.message}`);
  else console.error(`failed: ${describeDatabaseError(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
