import { type Node, rangeVar, text } from "../parse-tree";
import { LINT_RULES, type LintRuleName } from "./rules";

const VOLATILE = new Set([
  "now",
  "random",
  "gen_random_uuid",
  "uuid_generate_v4",
  "clock_timestamp",
  "statement_timestamp",
  "transaction_timestamp",
  "timeofday",
  "nextval",
]);

/** What the file has done so far that makes a later statement safe. */
export interface FileContext {
  inTransaction: boolean;
  idempotent: boolean;
  /** Inside the exception-guarded DO block pattern. */
  inDoBlock: boolean;
  /** Tables (by name) with a validated CHECK constraint earlier in the file. */
  validatedChecks: Set<string>;
}

export interface Hit {
  rule: LintRuleName;
  detail?: string;
}

type AlterCmd = { subtype?: string; def?: Node; missing_ok?: boolean; name?: string };

const constraintsOf = (column: Node | undefined) =>
  ((column?.constraints as Node[] | undefined) ?? []).map(
    (c) => c.Constraint as { contype?: string; raw_expr?: Node; skip_validation?: boolean },
  );

const isVolatile = (expr: Node | undefined): boolean => {
  const call = expr?.FuncCall as { funcname?: unknown[] } | undefined;
  if (call) {
    const name = text(call.funcname?.at(-1));
    if (name && VOLATILE.has(name)) return true;
  }
  return JSON.stringify(expr ?? {}).includes('"SQLValueFunction"')
    ? /SVFOP_CURRENT_TIMESTAMP|SVFOP_LOCALTIMESTAMP|SVFOP_CURRENT_TIME/.test(JSON.stringify(expr))
    : false;
};

/** The rules one parsed statement breaks. Updates `context` with what the statement establishes. */
export function checkStatement(type: string, node: Node, context: FileContext): Hit[] {
  const hits: Hit[] = [];
  switch (type) {
    case "TransactionStmt":
      if (node.kind === "TRANS_STMT_BEGIN" || node.kind === "TRANS_STMT_START") {
        context.inTransaction = true;
      }
      if (node.kind === "TRANS_STMT_COMMIT" || node.kind === "TRANS_STMT_ROLLBACK") {
        context.inTransaction = false;
      }
      break;
    case "IndexStmt":
      if (!node.concurrent) hits.push({ rule: "indexNotConcurrent" });
      else if (context.inTransaction) hits.push({ rule: "concurrentInTransaction" });
      break;
    case "DropStmt":
      if (node.removeType === "OBJECT_INDEX") {
        if (!node.concurrent) hits.push({ rule: "indexNotConcurrent" });
        else if (context.inTransaction) hits.push({ rule: "concurrentInTransaction" });
      }
      if (node.removeType === "OBJECT_TABLE")
        hits.push({ rule: "destructive", detail: "DROP TABLE" });
      if (node.removeType === "OBJECT_SCHEMA" && node.behavior === "DROP_CASCADE") {
        hits.push({ rule: "destructive", detail: "DROP SCHEMA … CASCADE" });
      }
      break;
    case "TruncateStmt":
      hits.push({
        rule: "destructive",
        detail: node.behavior === "DROP_CASCADE" ? "TRUNCATE … CASCADE" : "TRUNCATE",
      });
      break;
    case "RenameStmt":
      if (node.renameType === "OBJECT_TABLE" || node.renameType === "OBJECT_COLUMN") {
        hits.push({ rule: "rename" });
      }
      break;
    case "CreateStmt":
      if (context.idempotent && !node.if_not_exists && !context.inDoBlock) {
        hits.push({ rule: "notIdempotent", detail: "CREATE TABLE without IF NOT EXISTS" });
      }
      break;
    case "AlterTableStmt":
      for (const command of (node.cmds as Node[] | undefined) ?? []) {
        hits.push(...checkAlter(command.AlterTableCmd as AlterCmd, node, context));
      }
      break;
    default:
      break;
  }
  return hits;
}

function checkAlter(cmd: AlterCmd, node: Node, context: FileContext): Hit[] {
  const hits: Hit[] = [];
  const table = rangeVar(node.relation)?.name ?? "";
  switch (cmd.subtype) {
    case "AT_AddColumn": {
      const constraints = constraintsOf(cmd.def?.ColumnDef as Node | undefined);
      const defaultExpr = constraints.find((c) => c.contype === "CONSTR_DEFAULT")?.raw_expr;
      const notNull = constraints.some((c) => c.contype === "CONSTR_NOTNULL");
      if (notNull && !defaultExpr) hits.push({ rule: "notNullWithoutDefault" });
      if (defaultExpr && isVolatile(defaultExpr)) hits.push({ rule: "volatileDefault" });
      if (context.idempotent && !cmd.missing_ok && !context.inDoBlock) {
        hits.push({ rule: "notIdempotent", detail: "ADD COLUMN without IF NOT EXISTS" });
      }
      break;
    }
    case "AT_SetNotNull":
      if (!context.validatedChecks.has(table)) hits.push({ rule: "setNotNull" });
      break;
    case "AT_ValidateConstraint":
      context.validatedChecks.add(table);
      break;
    case "AT_AddConstraint": {
      const constraint = cmd.def?.Constraint as
        | { contype?: string; skip_validation?: boolean; indexname?: string }
        | undefined;
      const kind = constraint?.contype;
      if ((kind === "CONSTR_FOREIGN" || kind === "CONSTR_CHECK") && !constraint?.skip_validation) {
        hits.push({ rule: "constraintNotValid" });
        if (kind === "CONSTR_CHECK") context.validatedChecks.add(table);
      }
      if ((kind === "CONSTR_UNIQUE" || kind === "CONSTR_PRIMARY") && !constraint?.indexname) {
        hits.push({ rule: "uniqueWithoutIndex" });
      }
      break;
    }
    case "AT_AlterColumnType":
      hits.push({ rule: "columnTypeChange" });
      break;
    case "AT_DropColumn":
      hits.push({ rule: "destructive", detail: "DROP COLUMN" });
      break;
    default:
      break;
  }
  return hits;
}

export const ruleOf = (hit: Hit) => LINT_RULES[hit.rule];
