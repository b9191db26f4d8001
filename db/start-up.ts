import { ConfigError } from "@/lib/config/config-error";
import { describeDatabaseError } from "@/lib/database-error";
import { redactUrl } from "@/lib/redact";
import { migrateHome } from "./migrate-home";
import { loadConfig } from "./targets/load-config";

/**
 * Refuses to serve with a bad configuration (one line per problem, no stack trace) and brings
 * the home schema up to date before the first request.
 */
export async function startUp(): Promise<void> {
  let homeUrl: string;
  try {
    homeUrl = loadConfig().homeUrl;
  } catch (error) {
    if (error instanceof ConfigError)
      exitWith(`switchyard: invalid configuration\n${error.message}`);
    throw error;
  }
  // Deployments that serve under a role without DDL rights migrate separately (npm run db:migrate).
  if (process.env.SWITCHYARD_MIGRATE === "0") return;
  try {
    await migrateHome(homeUrl);
  } catch (error) {
    exitWith(
      `switchyard: cannot migrate the home database ${redactUrl(homeUrl)}: ${describeDatabaseError(error)}`,
    );
  }
}

function exitWith(message: string): never {
  console.error(message);
  process.exit(1);
}
