/**
 * Reads the allowed values out of a CHECK constraint on one column, as PostgreSQL prints it
 * (`CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))`) or as written in SQLite DDL
 * (`CHECK (status IN ('a', 'b'))`). Returns column → values for every such constraint.
 */
export function parseCheckValues(definition: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const patterns = [
    /\(?"?(\w+)"?\)?(?:::\w+)?\s*=\s*ANY\s*\(\s*\(?\s*ARRAY\s*\[([^\]]*)\]/gi,
    /"?(\w+)"?\s+IN\s*\(([^()]*)\)/gi,
  ];
  for (const pattern of patterns) {
    for (const match of definition.matchAll(pattern)) {
      const [, column, list] = match;
      if (!column || list === undefined) continue;
      const values = [...list.matchAll(/'((?:[^']|'')*)'/g)].map((value) =>
        (value[1] ?? "").replaceAll("''", "'"),
      );
      if (values.length > 0) found.set(column, values);
    }
  }
  return found;
}
