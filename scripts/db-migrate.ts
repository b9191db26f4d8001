import { migrateHome } from "@/db/migrate-home";
import { loadConfig } from "@/db/targets/load-config";
import { ConfigError } from "@/lib/config/config-error";
import { describeDatabaseError } from "@/lib/database-error";
import { redactUrl } from "@/lib/redact";

/** `npm run db:migrate`: applies Switchyard's own migrations (drizzle/) to the home database. */
async function main() {
  const { homeUrl } = loadConfig();
  await migrateHome(homeUrl);
  console.log(`switchyard: home database ${redactUrl(homeUrl)} is up to date`);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError
      ? `switchyard: invalid configuration\n${error.message}`
      : `switchyard: migration failed: ${describeDatabaseError(error)}`,
  );
  process.exit(1);
});
