import "server-only";
import type { TargetConnection } from "@/db/targets/connect";
import type { Finding } from "@/lib/migrations/model";
import type { QualifiedTable } from "./ledgers/ledger-reader";
import { selectAll, tableExists } from "./ledgers/query-table";

/**
 * A version or install-marker table (the scheduler's `{schema}.version`): the system writes it
 * once per install, so it says "installed, version N", never which files ran. Reported as a
 * recorded finding; it does not change any migration's state.
 */
export async function readInstallMarker(
  connection: TargetConnection,
  marker: string,
): Promise<Finding> {
  const [schema, name] = marker.includes(".") ? marker.split(".") : [null, marker];
  const table: QualifiedTable = { schema: schema ?? null, name: name ?? marker };
  if (!(await tableExists(connection, table))) {
    return {
      code: "install_marker_missing",
      severity: "info",
      provenance: "computed",
      message: `install marker ${marker} does not exist: the system was never installed here`,
    };
  }
  const rows = await selectAll(connection, table, 20);
  const versions = rows.map((row) => row.version).filter((v) => v !== undefined && v !== null);
  return {
    code: "install_marker",
    severity: "info",
    provenance: "recorded",
    message: `install marker ${marker}: ${
      versions.length > 0 ? `version ${versions.join(", ")}` : `${rows.length} rows`
    } (an install record, not a per-file ledger)`,
  };
}
