const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await sql table t".split(
    " ",
  ),
);

/** A TypeScript identifier for a database name: snake_case → camelCase, safe to declare. */
export function tsIdentifier(name: string, taken?: Set<string>): string {
  const camel = name
    .replace(/[^A-Za-z0-9_$]+/g, "_")
    .replace(/_+([A-Za-z0-9])/g, (_match, char: string) => char.toUpperCase())
    .replace(/_+$/g, "");
  let base = /^[A-Za-z_$]/.test(camel) ? camel : `_${camel}`;
  if (base === "" || RESERVED.has(base)) base = `${base}_`;
  if (!taken) return base;
  let candidate = base;
  for (let index = 2; taken.has(candidate); index += 1) candidate = `${base}${index}`;
  taken.add(candidate);
  return candidate;
}

/** A string literal for generated code. */
export function tsString(text: string): string {
  return JSON.stringify(text);
}

/** Raw SQL for a generated sql`…` template: backticks, backslashes and ${ escaped. */
export function sqlTemplate(text: string): string {
  return `sql\`${text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${")}\``;
}
