const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationResult {
  value: unknown;
  /** Each unset variable, at the key path of the value that uses it. */
  problems: { path: PropertyKey[]; message: string }[];
}

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed YAML document.
 * Works on values, not on the YAML text, so an environment value can never change the document's structure.
 */
export function interpolateEnv(
  document: unknown,
  env: Record<string, string | undefined>,
): InterpolationResult {
  const problems: InterpolationResult["problems"] = [];

  const visit = (node: unknown, path: PropertyKey[]): unknown => {
    if (typeof node === "string") {
      return node.replace(PLACEHOLDER, (_match, name: string, fallback: string | undefined) => {
        const value = env[name];
        if (value !== undefined && value !== "") return value;
        if (fallback !== undefined) return fallback;
        problems.push({ path, message: `environment variable ${name} is not set` });
        return "";
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(
        Object.entries(node).map(([key, value]) => [key, visit(value, [...path, key])]),
      );
    }
    return node;
  };

  return { value: visit(document, []), problems };
}
