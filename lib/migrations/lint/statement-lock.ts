import { type Node, rangeVar } from "../parse-tree";
import type { LockMode } from "./finding";

const WEAKER_ALTER: Record<string, LockMode> = {
  AT_ValidateConstraint: "SHARE UPDATE EXCLUSIVE",
  AT_SetStatistics: "SHARE UPDATE EXCLUSIVE",
  AT_AddConstraint: "ACCESS EXCLUSIVE",
};

const STRENGTH: LockMode[] = [
  "none",
  "ROW EXCLUSIVE",
  "SHARE UPDATE EXCLUSIVE",
  "SHARE",
  "SHARE ROW EXCLUSIVE",
  "ACCESS EXCLUSIVE",
];

const strongest = (locks: LockMode[]): LockMode =>
  locks.reduce<LockMode>((a, b) => (STRENGTH.indexOf(b) > STRENGTH.indexOf(a) ? b : a), "none");

/** The table lock a statement takes on the table it names, and that table. */
export function statementLock(
  type: string,
  node: Node,
): { lock: LockMode; table: { schema: string | null; name: string } | null } {
  const table = rangeVar(node.relation);
  switch (type) {
    case "AlterTableStmt": {
      const cmds = ((node.cmds as Node[] | undefined) ?? []).map(
        (c) => c.AlterTableCmd as { subtype?: string; def?: Node },
      );
      const locks = cmds.map((cmd) => {
        const contype = (cmd.def?.Constraint as { contype?: string } | undefined)?.contype;
        if (cmd.subtype === "AT_AddConstraint" && contype === "CONSTR_FOREIGN") {
          return "SHARE ROW EXCLUSIVE" as const;
        }
        return WEAKER_ALTER[cmd.subtype ?? ""] ?? "ACCESS EXCLUSIVE";
      });
      return { lock: strongest(locks), table };
    }
    case "IndexStmt":
      return { lock: node.concurrent ? "SHARE UPDATE EXCLUSIVE" : "SHARE", table };
    case "RenameStmt":
    case "TruncateStmt":
    case "DropStmt":
      return { lock: "ACCESS EXCLUSIVE", table: table ?? firstDropped(node) };
    case "InsertStmt":
    case "UpdateStmt":
    case "DeleteStmt":
      return { lock: "ROW EXCLUSIVE", table };
    default:
      return { lock: "none", table };
  }
}

function firstDropped(node: Node): { schema: string | null; name: string } | null {
  const relations = (node.relations as Node[] | undefined) ?? [];
  const relation = rangeVar(relations[0]?.RangeVar);
  if (relation) return relation;
  if (node.removeType !== "OBJECT_TABLE") return null;
  const names = ((node.objects as Node[] | undefined) ?? [])[0]?.List as
    | { items?: Node[] }
    | undefined;
  const parts = (names?.items ?? []).map((i) => (i.String as { sval?: string } | undefined)?.sval);
  const name = parts.at(-1);
  return name ? { schema: parts.length > 1 ? (parts.at(-2) ?? null) : null, name } : null;
}
