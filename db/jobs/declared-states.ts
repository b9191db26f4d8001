import type { JobSource } from "./job-source";

/**
 * Drops mapping entries an enum column cannot hold. Comparing an enum column with a label it
 * lacks is an error in PostgreSQL, and a deployment may run an older enum than the adapter knows.
 */
export function withinDeclaredStates(source: JobSource): JobSource {
  const declared = source.declaredStates;
  if (declared?.by !== "enum") return source;
  const allowed = new Set(declared.values);
  return {
    ...source,
    states: {
      raw: Object.fromEntries(
        Object.entries(source.states.raw).filter(([raw]) => allowed.has(raw)),
      ),
      refinements: (source.states.refinements ?? [])
        .map((refinement) => ({
          ...refinement,
          from: refinement.from.filter((raw) => allowed.has(raw)),
        }))
        .filter((refinement) => refinement.from.length > 0),
    },
  };
}
