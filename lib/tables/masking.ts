/**
 * What Switchyard never shows below admin, and shows admins only on demand:
 * - whole columns whose names look secret (built-in patterns plus `secretColumns` from config);
 * - whole cells of rows the system itself flags secret (acolib's configurations.is_secret = 1);
 * - the credential part of values: passwords in URLs, secret-looking keys inside JSON text.
 */

export const DEFAULT_SECRET_COLUMN_PATTERNS = [
  "passw(or)?d",
  "passwd",
  "secret",
  "token",
  "api_?key",
  "private_?key",
  "access_?key",
  "credential",
  "auth_?key",
  "client_?secret",
  "session_?key",
  "salt",
  "^pwd$",
  "dsn$",
] as const;

/** Tables whose rows carry their own "this is secret" flag, and the columns it covers. */
export interface RowSecretRule {
  table: string;
  flagColumn: string;
  columns: readonly string[];
}

export const ROW_SECRET_RULES: readonly RowSecretRule[] = [
  // acolib orchestrator: configurations.is_secret = 1 marks the value as a secret.
  { table: "configurations", flagColumn: "is_secret", columns: ["value"] },
];

export type MaskReason = "column" | "row" | "value";

export interface MaskPolicy {
  /** Columns masked in every row. */
  secretColumns: ReadonlySet<string>;
  /** Row rule that applies to this table, if its columns exist. */
  rowRule: RowSecretRule | null;
}

/** Names that mention a secret without holding one: flags, times, counts, ids, types. */
const NOT_A_SECRET = /^(is|has)_|_(at|count|type|id|expires|expiry|hint|length|name|kind)$/i;

export function secretColumnMatcher(extra: readonly string[]): (column: string) => boolean {
  const builtIn = DEFAULT_SECRET_COLUMN_PATTERNS.map((source) => new RegExp(source, "i"));
  const configured = extra.map((source) => new RegExp(source, "i"));
  return (column) =>
    configured.some((pattern) => pattern.test(column)) ||
    (!NOT_A_SECRET.test(column) && builtIn.some((pattern) => pattern.test(column)));
}

export function maskPolicy(
  table: string,
  columns: readonly string[],
  extraPatterns: readonly string[],
): MaskPolicy {
  const isSecret = secretColumnMatcher(extraPatterns);
  const rowRule =
    ROW_SECRET_RULES.find(
      (rule) =>
        rule.table === table &&
        columns.includes(rule.flagColumn) &&
        rule.columns.every((column) => columns.includes(column)),
    ) ?? null;
  return { secretColumns: new Set(columns.filter(isSecret)), rowRule };
}

/** Columns no filter or sort may touch (they would leak the value one guess at a time). */
export function unsearchableColumns(policy: MaskPolicy): Set<string> {
  return new Set([...policy.secretColumns, ...(policy.rowRule?.columns ?? [])]);
}

export function isRowFlagged(policy: MaskPolicy, row: Readonly<Record<string, unknown>>): boolean {
  if (!policy.rowRule) return false;
  const flag = row[policy.rowRule.flagColumn];
  return flag === 1 || flag === true || flag === "1" || flag === "t" || flag === "true";
}

/** Why a cell of this row is masked whole, or null when only its credential parts are. */
export function wholeCellMask(
  policy: MaskPolicy,
  row: Readonly<Record<string, unknown>>,
  column: string,
): MaskReason | null {
  if (policy.secretColumns.has(column)) return "column";
  if (policy.rowRule?.columns.includes(column) && isRowFlagged(policy, row)) return "row";
  return null;
}

export const MASK = "••••••";

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@"']*):([^\s@/"']+)@/gi;
const QUERY_SECRETS =
  /([?&;](?:password|passwd|pwd|token|access_token|api_?key|secret|sig|signature)=)([^&#\s"']+)/gi;

/**
 * Removes the credential parts of a text value: `scheme://user:password@` loses its password,
 * `?token=…` its token, and in JSON text every secret-looking key loses its value (also when
 * the text was truncated in the middle of one). Returns the text and whether anything changed.
 */
export function maskCredentials(
  text: string,
  isSecretKey: (key: string) => boolean,
): { text: string; changed: boolean } {
  let changed = false;
  let out = text.replace(URL_CREDENTIALS, (_match, scheme: string, user: string) => {
    changed = true;
    return `${scheme}${user}:${MASK}@`;
  });
  out = out.replace(QUERY_SECRETS, (_match, key: string) => {
    changed = true;
    return `${key}${MASK}`;
  });
  out = out.replace(
    /("((?:[^"\\]|\\.){1,200})"\s*:\s*)("(?:[^"\\]|\\.)*(?:"|$)|-?[0-9][0-9.eE+-]*|true|false)/g,
    (match, prefix: string, key: string) => {
      if (!isSecretKey(key)) return match;
      changed = true;
      return `${prefix}"${MASK}"`;
    },
  );
  return { text: out, changed };
}
