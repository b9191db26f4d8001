import { parseSync } from "libpg-query";
import { statementLock } from "./lint/statement-lock";
import type { Node } from "./parse-tree";
import { unwrap } from "./parse-tree";

export interface RelationName {
  schema: string | null;
  name: string;
}

/** `"schema"."name"` (or `"name"`), quoted so that to_regclass reads it exactly as written. */
export const quotedRelation = (relation: RelationName): string => {
  const quote = (part: string) => `"${part.replaceAll('"', '""')}"`;
  return relation.schema
    ? `${quote(relation.schema)}.${quote(relation.name)}`
    : quote(relation.name);
};

export const displayRelation = (relation: RelationName): string =>
  relation.schema ? `${relation.schema}.${relation.name}` : relation.name;

/**
 * The tables a statement names, the one it alters first (ALTER TABLE jobs … REFERENCES queues:
 * jobs, then queues), for saying which of them another session has locked. Empty when the
 * statement does not parse. Call loadParser() first.
 */
export function relationsOf(statement: string): RelationName[] {
  let stmts: { stmt?: Node }[];
  try {
    stmts = (parseSync(statement) as { stmts?: { stmt?: Node }[] }).stmts ?? [];
  } catch {
    return [];
  }
  const found: RelationName[] = [];
  const add = (relation: RelationName | null) => {
    if (!relation) return;
    const key = displayRelation(relation);
    if (!found.some((r) => displayRelation(r) === key)) found.push(relation);
  };
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      const node = value as { relname?: unknown; schemaname?: unknown };
      if (typeof node.relname === "string") {
        add({
          schema: typeof node.schemaname === "string" ? node.schemaname : null,
          name: node.relname,
        });
      }
      Object.values(value).forEach(walk);
    }
  };
  for (const { stmt } of stmts) {
    if (!stmt) continue;
    const [type, node] = unwrap(stmt);
    add(statementLock(type, node).table);
    walk(stmt);
  }
  return found;
}
