/** 1-based line and column of a 0-based offset in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split("\n");
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** The first non-blank, non-comment line of a statement, shortened to `max` characters. */
export function excerptOf(statement: string, max = 100): string {
  const line =
    statement
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "" && !l.startsWith("--")) ?? statement.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Offset of the first character that is not whitespace or a `--` comment. */
export function skipBlank(text: string, offset: number): number {
  const rest = text.slice(offset);
  const match = /^(?:\s|--[^\n]*(?:\n|$))*/.exec(rest);
  return offset + (match?.[0].length ?? 0);
}
