import type { GridState } from "./table-urls";

type Query = Record<string, string | string[] | undefined>;

const all = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const one = (value: string | string[] | undefined): string | null => all(value)[0] ?? null;

/** The grid's state from a page's search params, plus a filter composed by the form (fc, fo, fv). */
export function readGridParams(query: Query): GridState & { composed: string | null } {
  const filter = all(query.filter);
  const column = one(query.fc);
  const op = one(query.fo);
  const composed =
    column && op
      ? op === "null" || op === "notnull"
        ? `${column}:${op}`
        : `${column}:${op}:${one(query.fv) ?? ""}`
      : null;
  return { filter, sort: one(query.sort), cursor: one(query.cursor), composed };
}
