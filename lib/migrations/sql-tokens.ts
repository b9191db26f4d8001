export type SqlTokenKind =
  | "comment"
  | "string"
  | "keyword"
  | "number"
  | "placeholder"
  | "identifier"
  | "text";

export interface SqlToken {
  kind: SqlTokenKind;
  text: string;
}

const KEYWORDS = new Set(
  `add alter and as asc begin by cascade case check column comment commit concurrently constraint
  create default delete desc do drop else end enum exception exists execute extension false for
  foreign from function grant if in index insert into is join key language like limit not null on
  or order partition primary raise references rename replace returns returning revoke rollback
  schema select sequence set table then to trigger true truncate type unique update using values
  view when where with begin declare notice perform return returns setof each row before after
  also instead of language plpgsql sql cross left right inner outer union all group having
  autoincrement integer text bigint boolean jsonb json uuid timestamptz timestamp varchar numeric
  serial bigserial int real double precision blob`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Splits SQL into tokens for highlighting: comments, quoted strings (including dollar-quoted
 * bodies), keywords, numbers and `{schema}`-style placeholders. Lossless: the tokens' text joined
 * is the input.
 */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const pattern =
    /(--[^\n]*)|(\/\*[\s\S]*?(?:\*\/|$))|(\$([A-Za-z_]\w*)?\$[\s\S]*?(?:\$\4\$|$))|('(?:[^']|'')*'?)|("(?:[^"]|"")*"?)|(\{[A-Za-z_]\w*\})|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][\w$]*)|([\s\S])/g;
  for (const match of sql.matchAll(pattern)) {
    const text = match[0];
    let kind: SqlTokenKind = "text";
    if (match[1] || match[2]) kind = "comment";
    else if (match[3] || match[5]) kind = "string";
    else if (match[6]) kind = "identifier";
    else if (match[7]) kind = "placeholder";
    else if (match[8]) kind = "number";
    else if (match[9]) kind = KEYWORDS.has(text.toLowerCase()) ? "keyword" : "text";
    const last = tokens.at(-1);
    if (last && last.kind === kind && kind === "text") last.text += text;
    else tokens.push({ kind, text });
  }
  return tokens;
}
