import { tokenizeSql } from "./sql-tokens";

/**
 * The statements of a migration as the Supabase CLI records them in
 * `supabase_migrations.schema_migrations.statements` (its `parser.SplitAndTrim`): the text split
 * on every `;` outside quotes, comments and dollar-quoted bodies; each statement keeps its
 * comments, loses its trailing `;` and surrounding white space; empty ones are dropped.
 */
export function supabaseStatements(sql: string): string[] {
  const statements: string[] = [];
  const push = (text: string) => {
    const trimmed = text.trim();
    if (trimmed) statements.push(trimmed);
  };
  let current = "";
  for (const token of tokenizeSql(sql)) {
    if (token.kind !== "text") {
      current += token.text;
      continue;
    }
    const [first = "", ...rest] = token.text.split(";");
    current += first;
    for (const part of rest) {
      push(current);
      current = part;
    }
  }
  push(current);
  return statements;
}
