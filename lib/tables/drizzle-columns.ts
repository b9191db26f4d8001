import type { DetailColumn } from "@/db/catalog/table-detail";
import { sqlTemplate, tsString } from "./drizzle-names";

export interface ColumnCode {
  /** `integer("id")` and its modifiers. */
  code: string;
  /** pg-core / sqlite-core builders the code uses. */
  imports: string[];
  usesSql: boolean;
  /** A custom type the file must declare (`raw("tsvector")`). */
  usesRaw: boolean;
}

const NEXTVAL = /^nextval\('[^']+'::regclass\)$/;

function modifier(type: string): number[] {
  const match = /\(([\d,\s]+)\)/.exec(type);
  return match?.[1] ? match[1].split(",").map((part) => Number(part.trim())) : [];
}

/** The pg-core builder call for a live PostgreSQL column. */
export function pgColumnCode(column: DetailColumn, enumVariable?: string): ColumnCode {
  const name = tsString(column.name);
  const imports: string[] = [];
  let usesRaw = false;
  let usesSql = false;
  const serial = column.default !== null && NEXTVAL.test(column.default) && column.dimensions === 0;
  const use = (builder: string, args = "") => {
    imports.push(builder);
    return `${builder}(${name}${args})`;
  };
  const [first, second] = modifier(column.type);
  let code: string;
  if (enumVariable) code = `${enumVariable}(${name})`;
  else {
    switch (column.baseType) {
      case "int2":
        code = serial ? use("smallserial") : use("smallint");
        break;
      case "int4":
        code = serial ? use("serial") : use("integer");
        break;
      case "int8":
        code = serial
          ? use("bigserial", ', { mode: "number" }')
          : use("bigint", ', { mode: "number" }');
        break;
      case "text":
        code = use("text");
        break;
      case "varchar":
        code = use("varchar", first ? `, { length: ${first} }` : "");
        break;
      case "bpchar":
        code = use("char", first ? `, { length: ${first} }` : "");
        break;
      case "bool":
        code = use("boolean");
        break;
      case "uuid":
      case "json":
      case "jsonb":
      case "date":
      case "inet":
      case "cidr":
      case "macaddr":
      case "interval":
      case "real":
        code = use(column.baseType);
        break;
      case "float4":
        code = use("real");
        break;
      case "float8":
        code = use("doublePrecision");
        break;
      case "numeric":
        code = use(
          "numeric",
          first !== undefined
            ? `, { precision: ${first}${second !== undefined ? `, scale: ${second}` : ""} }`
            : "",
        );
        break;
      case "timestamptz":
        code = use("timestamp", ', { withTimezone: true, mode: "string" }');
        break;
      case "timestamp":
        code = use("timestamp", ', { mode: "string" }');
        break;
      case "time":
        code = use("time");
        break;
      case "timetz":
        code = use("time", ", { withTimezone: true }");
        break;
      default:
        usesRaw = true;
        code = `raw(${tsString(column.baseType)})(${name})`;
    }
  }
  if (column.dimensions > 0) code += ".array()";
  if (column.identity === "always") code += ".generatedAlwaysAsIdentity()";
  if (column.identity === "by default") code += ".generatedByDefaultAsIdentity()";
  if (column.default !== null && !serial && column.identity === null) {
    let value = pgDefault(column.default);
    // numeric columns take their default as a string in Drizzle (exact decimals).
    if (column.baseType === "numeric" && /^-?\d/.test(value)) value = tsString(value);
    usesSql ||= value.startsWith("sql`");
    code += value === "now" ? ".defaultNow()" : `.default(${value})`;
  }
  if (!column.nullable && !serial && column.identity === null) code += ".notNull()";
  return { code, imports, usesSql, usesRaw };
}

function pgDefault(expression: string): string {
  if (/^(now\(\)|CURRENT_TIMESTAMP)$/i.test(expression)) return "now";
  if (/^-?\d+(\.\d+)?$/.test(expression)) return expression;
  if (expression === "true" || expression === "false") return expression;
  const literal = /^'((?:[^']|'')*)'(?:::[\w ."]+)?$/.exec(expression);
  if (literal && !/::(jsonb?|[\w.]*\[\])$/.test(expression)) {
    return tsString((literal[1] ?? "").replaceAll("''", "'"));
  }
  return sqlTemplate(expression);
}

const SQLITE_BUILDERS: Record<string, string> = {
  INTEGER: "integer",
  TEXT: "text",
  REAL: "real",
  BLOB: "blob",
  NUMERIC: "numeric",
};

/** The sqlite-core builder call for a live SQLite column (by type affinity). */
export function sqliteColumnCode(column: DetailColumn, primaryAlone: boolean): ColumnCode {
  const name = tsString(column.name);
  const declared = column.type.trim();
  const builder = SQLITE_BUILDERS[declared.toUpperCase()];
  // Any other declared type (BIGINT, TIMESTAMP, BOOLEAN) is kept verbatim, so a push recreates it.
  let code = builder ? `${builder}(${name})` : `raw(${tsString(declared)})(${name})`;
  let usesSql = false;
  if (primaryAlone) code += ".primaryKey()";
  if (column.default !== null) {
    const value = column.default;
    if (/^-?\d+(\.\d+)?$/.test(value)) code += `.default(${value})`;
    else if (/^'((?:[^']|'')*)'$/.test(value))
      code += `.default(${tsString(value.slice(1, -1).replaceAll("''", "'"))})`;
    else {
      usesSql = true;
      code += `.default(${sqlTemplate(value.startsWith("(") ? value : `(${value})`)})`;
    }
  }
  if (!column.nullable && !primaryAlone) code += ".notNull()";
  return { code, imports: builder ? [builder] : [], usesSql, usesRaw: !builder };
}
