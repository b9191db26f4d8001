import { parsePlPgSQLSync } from "libpg-query";
import { type Node, text, unwrap } from "./parse-tree";

const blockReason = (what: string) => `${what} cannot run inside a transaction block`;

const option = (options: unknown, name: string): { present: boolean; value: string | null } => {
  const found = ((options as Node[] | undefined) ?? [])
    .map((o) => o.DefElem as { defname?: string; arg?: unknown } | undefined)
    .find((def) => def?.defname === name);
  if (!found) return { present: false, value: null };
  const arg = found.arg as { Boolean?: { boolval?: boolean } } | undefined;
  if (arg?.Boolean) return { present: true, value: arg.Boolean.boolval ? "true" : "false" };
  return { present: true, value: text(found.arg) };
};

const isOff = (value: string | null) => value !== null && /^(false|off|0|no)$/i.test(value);

/**
 * Why PostgreSQL refuses to run a parsed statement inside a transaction block, or null.
 *
 * `ALTER TYPE … ADD VALUE` is not listed: since PostgreSQL 12 it runs in a transaction, and
 * only using the new value before the transaction commits fails (SQLSTATE 55P04, "unsafe use of
 * new value"). Running a file that adds a value and uses it in one transaction fails the same
 * way in the dry run and in the apply, so the dry run reports it where it happens instead of
 * guessing; the fix is a second migration or a `-- no-transaction` marker.
 */
export function outsideTransactionOfNode(stmt: Node): string | null {
  const [type, node] = unwrap(stmt);
  switch (type) {
    case "IndexStmt":
      return node.concurrent ? blockReason("CREATE INDEX CONCURRENTLY") : null;
    case "DropStmt":
      return node.removeType === "OBJECT_INDEX" && node.concurrent
        ? blockReason("DROP INDEX CONCURRENTLY")
        : null;
    case "ReindexStmt": {
      const concurrently = option(node.params, "concurrently");
      if (concurrently.present && !isOff(concurrently.value)) {
        return blockReason("REINDEX CONCURRENTLY");
      }
      const kind = String(node.kind ?? "").replace("REINDEX_OBJECT_", "");
      return ["SCHEMA", "DATABASE", "SYSTEM"].includes(kind)
        ? blockReason(`REINDEX ${kind}`)
        : null;
    }
    case "VacuumStmt":
      return node.is_vacuumcmd ? blockReason("VACUUM") : null;
    case "ClusterStmt":
      return node.relation ? null : blockReason("CLUSTER without a table");
    case "CreatedbStmt":
      return blockReason("CREATE DATABASE");
    case "DropdbStmt":
      return blockReason("DROP DATABASE");
    case "AlterDatabaseStmt":
      return option(node.options, "tablespace").present
        ? blockReason("ALTER DATABASE … SET TABLESPACE")
        : null;
    case "CreateTableSpaceStmt":
      return blockReason("CREATE TABLESPACE");
    case "DropTableSpaceStmt":
      return blockReason("DROP TABLESPACE");
    case "AlterSystemStmt":
      return blockReason("ALTER SYSTEM");
    case "DiscardStmt":
      return node.target === "DISCARD_ALL" ? blockReason("DISCARD ALL") : null;
    case "CreateSubscriptionStmt":
      return isOff(option(node.options, "create_slot").value)
        ? null
        : blockReason("CREATE SUBSCRIPTION that creates a replication slot");
    case "DropSubscriptionStmt":
      return blockReason("DROP SUBSCRIPTION of a subscription with a replication slot");
    case "AlterSubscriptionStmt":
      return node.kind === "ALTER_SUBSCRIPTION_REFRESH"
        ? blockReason("ALTER SUBSCRIPTION … REFRESH PUBLICATION")
        : null;
    case "TransactionStmt":
      if (node.kind === "TRANS_STMT_COMMIT_PREPARED") return blockReason("COMMIT PREPARED");
      if (node.kind === "TRANS_STMT_ROLLBACK_PREPARED") return blockReason("ROLLBACK PREPARED");
      return null;
    case "AlterTableStmt":
      return detachesConcurrently(node) ? blockReason("DETACH PARTITION … CONCURRENTLY") : null;
    case "DoStmt":
      return doBlockEndsTransaction(node)
        ? "a DO block that runs COMMIT or ROLLBACK cannot run inside a transaction block"
        : null;
    default:
      return null;
  }
}

function detachesConcurrently(node: Node): boolean {
  return ((node.cmds as Node[] | undefined) ?? []).some((c) => {
    const cmd = c.AlterTableCmd as { subtype?: string; def?: Node } | undefined;
    const partition = cmd?.def?.PartitionCmd as { concurrent?: boolean } | undefined;
    return cmd?.subtype === "AT_DetachPartition" && partition?.concurrent === true;
  });
}

/** A PL/pgSQL DO block whose body commits or rolls back (batched backfills do). */
function doBlockEndsTransaction(node: Node): boolean {
  const language = option(node.args, "language").value;
  if (language && language.toLowerCase() !== "plpgsql") return false;
  const code = option(node.args, "as").value;
  if (code === null) return false;
  try {
    const tree = parsePlPgSQLSync(
      `CREATE FUNCTION switchyard_do() RETURNS void AS $switchyard$${code}$switchyard$ LANGUAGE plpgsql`,
    );
    return /"PLpgSQL_stmt_(commit|rollback)"/.test(JSON.stringify(tree));
  } catch {
    return false;
  }
}

const TEXT_RULES: Record<"postgresql" | "sqlite", [RegExp, string][]> = {
  postgresql: [
    [/^create\s+(unique\s+)?index\s+concurrently\b/i, "CREATE INDEX CONCURRENTLY"],
    [/^drop\s+index\s+concurrently\b/i, "DROP INDEX CONCURRENTLY"],
    [/^reindex\b.*\bconcurrently\b/is, "REINDEX CONCURRENTLY"],
    [/^vacuum\b/i, "VACUUM"],
    [/^(create|drop)\s+database\b/i, "CREATE/DROP DATABASE"],
    [/^(create|drop)\s+tablespace\b/i, "CREATE/DROP TABLESPACE"],
    [/^alter\s+system\b/i, "ALTER SYSTEM"],
  ],
  sqlite: [
    [/^vacuum\b/i, "VACUUM"],
    [/^attach\b/i, "ATTACH"],
    [/^detach\b/i, "DETACH"],
    [/^pragma\s+(\w+\.)?journal_mode\s*=/i, "PRAGMA journal_mode ="],
  ],
};

/**
 * The same question answered from the text, for SQLite (which PostgreSQL's parser does not read)
 * and for PostgreSQL statements that do not parse (they will fail anyway; this only names them).
 */
export function outsideTransactionOfText(
  statement: string,
  dialect: "postgresql" | "sqlite",
): string | null {
  const rule = TEXT_RULES[dialect].find(([pattern]) => pattern.test(statement.trim()));
  return rule ? blockReason(rule[1]) : null;
}
