/** URLs of the Tables pages; every view's state (filters, sort, cursor) lives in its search params. */

export interface GridState {
  filter?: readonly string[];
  sort?: string | null;
  cursor?: string | null;
}

const segment = encodeURIComponent;

function query(params: [string, string][]): string {
  const search = new URLSearchParams(params).toString();
  return search ? `?${search}` : "";
}

export function catalogHref(target: string, params: { q?: string; sort?: string } = {}): string {
  const entries: [string, string][] = [];
  if (params.q) entries.push(["q", params.q]);
  if (params.sort) entries.push(["sort", params.sort]);
  return `/tables/${segment(target)}${query(entries)}`;
}

export function tableHref(target: string, table: string, state: GridState = {}): string {
  const entries: [string, string][] = (state.filter ?? []).map((value) => ["filter", value]);
  if (state.sort) entries.push(["sort", state.sort]);
  if (state.cursor) entries.push(["cursor", state.cursor]);
  return `/tables/${segment(target)}/${segment(table)}${query(entries)}`;
}

export function tableStructureHref(target: string, table: string): string {
  return `/tables/${segment(target)}/${segment(table)}/structure`;
}

export function tableDrizzleHref(target: string, table: string): string {
  return `/tables/${segment(target)}/${segment(table)}/drizzle`;
}

export function tableRowHref(target: string, table: string, key: string): string {
  return `/tables/${segment(target)}/${segment(table)}/row${query([["key", key]])}`;
}

export function tableApiHref(target: string, table: string, path = ""): string {
  return `/api/tables/${segment(target)}/${segment(table)}${path}`;
}
