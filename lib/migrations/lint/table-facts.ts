import type { LintOptions, TableSize } from "./finding";

type TableName = { schema: string | null; name: string } | null;

/** "owned by X: why" when the statement's table is protected (matched by name, schema optional). */
export function tableProtection(
  table: TableName,
  protectedTables: LintOptions["protectedTables"] = [],
): string | null {
  if (!table) return null;
  const match = protectedTables.find((p) => {
    const [schema, name] = p.table.includes(".") ? p.table.split(".", 2) : [null, p.table];
    return (
      name === table.name && (schema === null || table.schema === null || schema === table.schema)
    );
  });
  if (!match) return null;
  return `${match.table} is protected (owner ${match.owner}${match.explanation ? `: ${match.explanation}` : ""})`;
}

export function withSize(table: TableName, sizes: LintOptions["sizes"]): TableSize | undefined {
  return table && sizes ? sizes(table.schema, table.name) : undefined;
}

const UNITS = ["B", "kB", "MB", "GB", "TB"];

/** "≈ 2.1M rows, 1.3 GB" */
export function formatSize(size: TableSize): string {
  const rows =
    size.rows >= 1e6
      ? `${(size.rows / 1e6).toFixed(1)}M`
      : size.rows >= 1e3
        ? `${(size.rows / 1e3).toFixed(1)}k`
        : String(Math.max(0, Math.round(size.rows)));
  let bytes = size.bytes;
  let unit = 0;
  while (bytes >= 1024 && unit < UNITS.length - 1) {
    bytes /= 1024;
    unit += 1;
  }
  return `≈ ${rows} rows, ${unit === 0 ? bytes : bytes.toFixed(1)} ${UNITS[unit]}`;
}
