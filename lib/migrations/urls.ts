/** The detail page of one migration; ids with a subfolder (`lease/001_x`) keep their slash. */
export function migrationHref(target: string, source: string, migrationId: string): string {
  const id = migrationId.split("/").map(encodeURIComponent).join("/");
  return `/migrations/${encodeURIComponent(target)}/${encodeURIComponent(source)}/${id}`;
}
