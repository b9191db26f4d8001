import "server-only";
import type postgres from "postgres";
import type { TargetConnection } from "@/db/targets/connect";
import type { TargetConfig } from "@/lib/config/schema";
import { describeDatabaseError } from "@/lib/database-error";
import type { TargetReport } from "@/lib/migrations/report";
import { reconcileSource } from "./reconcile-source";

interface StatusOptions {
  connect: (target: TargetConfig) => TargetConnection;
  home: postgres.Sql | null;
}

/**
 * Every configured migration source of the given targets, reconciled. A target that cannot be
 * read reports its error and the others still answer.
 */
export async function migrationStatus(
  targets: readonly TargetConfig[],
  options: StatusOptions,
): Promise<TargetReport[]> {
  return Promise.all(
    targets
      .filter((target) => target.migrations.length > 0)
      .map(async (target): Promise<TargetReport> => {
        const report: TargetReport = {
          target: target.id,
          name: target.name,
          sources: [],
          error: null,
        };
        try {
          const connection = options.connect(target);
          for (const source of target.migrations) {
            report.sources.push(
              await reconcileSource(source, {
                targetId: target.id,
                connection,
                home: options.home,
              }),
            );
          }
        } catch (error) {
          report.error = describeDatabaseError(error);
        }
        return report;
      }),
  );
}
