/** The CHECK (...) clauses of a SQLite CREATE TABLE statement, balanced parentheses and quotes respected. */
export function sqliteCheckConstraints(ddl: string): string[] {
  const found: string[] = [];
  const pattern = /\bCHECK\s*\(/gi;
  for (const match of ddl.matchAll(pattern)) {
    const start = (match.index ?? 0) + match[0].length - 1;
    let depth = 0;
    let quote: string | null = null;
    for (let index = start; index < ddl.length; index += 1) {
      const char = ddl[index];
      if (quote) {
        if (char === quote) quote = null;
        continue;
      }
      if (char === "'" || char === '"') quote = char;
      else if (char === "(") depth += 1;
      else if (char === ")") {
        depth -= 1;
        if (depth === 0) {
          found.push(`CHECK ${ddl.slice(start, index + 1)}`);
          break;
        }
      }
    }
  }
  return found;
}
