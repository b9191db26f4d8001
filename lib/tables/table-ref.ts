/** A relation as named in URLs: `schema.table` (SQLite's schema is `main`). */
export interface TableRef {
  schema: string;
  name: string;
}

/** Splits `schema.table` at the first dot; a bare name means `fallbackSchema`. */
export function parseTableRef(text: string, fallbackSchema: string): TableRef {
  const dot = text.indexOf(".");
  if (dot <= 0) return { schema: fallbackSchema, name: text };
  return { schema: text.slice(0, dot), name: text.slice(dot + 1) };
}

export function formatTableRef(ref: TableRef): string {
  return `${ref.schema}.${ref.name}`;
}
