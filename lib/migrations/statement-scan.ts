export type SqlDialect = "postgresql" | "sqlite";

/** Where one statement sits in the text: `[start, end)` in characters, the `;` left out. */
export interface TextRange {
  start: number;
  end: number;
}

const COMMON = [
  String.raw`--[^\n]*`,
  String.raw`/\*[\s\S]*?(?:\*/|$)`,
  "'(?:[^']|'')*'?",
  '"(?:[^"]|"")*"?',
];

/** Dollar-quoted bodies and `E'…'` strings (backslash escapes) are PostgreSQL's. */
const POSTGRES = [
  String.raw`\$([A-Za-z_]\w*)?\$[\s\S]*?(?:\$\1\$|$)`,
  String.raw`[eE]'(?:[^'\\]|\\[\s\S]|'')*'?`,
  ...COMMON,
];

/** Backtick- and bracket-quoted identifiers are SQLite's. */
const SQLITE = [...COMMON, "`(?:[^`]|``)*`?", String.raw`\[[^\]]*\]?`];

const TAIL = [String.raw`[A-Za-z_][\w$]*`, ";", String.raw`[\s\S]`];

const patternFor = (dialect: SqlDialect) =>
  new RegExp(
    (dialect === "postgresql" ? [...POSTGRES, ...TAIL] : [...SQLITE, ...TAIL]).join("|"),
    "g",
  );

/**
 * A statement whose body may hold `;` between BEGIN and END: a SQLite trigger, a PostgreSQL
 * function with a SQL-standard body (`BEGIN ATOMIC … END`).
 */
const BLOCK_STATEMENT =
  /^create (?:or replace )?(?:temp |temporary )?(?:trigger|function|procedure)\b/;

/**
 * Splits SQL on the `;` that end statements: not those inside quotes, comments, dollar-quoted
 * bodies or the BEGIN … END body of a trigger (where CASE … END nests). Ranges may start with
 * blanks and comments; a text holding only blanks and comments yields no range.
 */
export function scanStatements(sql: string, dialect: SqlDialect): TextRange[] {
  const ranges: TextRange[] = [];
  let start = 0;
  let head: string[] = [];
  let depth = 0;
  let hasCode = false;
  const close = (end: number) => {
    if (hasCode) ranges.push({ start, end });
    start = end + 1;
    head = [];
    depth = 0;
    hasCode = false;
  };
  for (const match of sql.matchAll(patternFor(dialect))) {
    const token = match[0];
    const at = match.index;
    if (token === ";" && depth === 0) {
      close(at);
      continue;
    }
    if (/^\s+$/.test(token) || token.startsWith("--") || token.startsWith("/*")) continue;
    hasCode = true;
    if (!/^[A-Za-z_]/.test(token)) continue;
    const word = token.toLowerCase();
    if (head.length < 5) head.push(word);
    if (!BLOCK_STATEMENT.test(head.join(" "))) continue;
    if (word === "begin") depth += 1;
    else if (word === "case" && depth > 0) depth += 1;
    else if (word === "end" && depth > 0) depth -= 1;
  }
  close(sql.length);
  return ranges;
}

/** Offset of the first character that is neither whitespace nor inside a comment. */
export function skipBlankAndComments(sql: string, offset: number): number {
  const match = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?(?:\*\/|$))*/.exec(sql.slice(offset));
  return offset + (match?.[0].length ?? 0);
}

/**
 * Character offsets from the UTF-8 byte offsets PostgreSQL's parser reports (`stmt_location`,
 * `stmt_len`): they differ as soon as the text holds a non-ASCII character (a comment in French,
 * an arrow in a string).
 */
export function byteToCharOffsets(sql: string): (byteOffset: number) => number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (!/[^\x00-\x7f]/.test(sql)) return (byteOffset) => byteOffset;
  const charAt: number[] = [];
  let chars = 0;
  for (const character of sql) {
    const bytes = Buffer.byteLength(character, "utf8");
    for (let i = 0; i < bytes; i += 1) charAt.push(chars);
    chars += character.length;
  }
  charAt.push(chars);
  return (byteOffset) => charAt[Math.min(Math.max(0, byteOffset), charAt.length - 1)] ?? chars;
}
