import type { Layout } from "@/lib/migrations/model";
import { padVersion } from "@/lib/migrations/order";

/** How one file-per-migration layout names its files. */
export interface FlatLayout {
  pattern: RegExp;
  /** version, display name and (for pairs) direction from a match. */
  parse(match: RegExpExecArray, sequenceInVersion: boolean): FlatName;
  /** Up and down live in separate files (`.up.sql` / `.down.sql`). */
  pairs: boolean;
  /** A file must have `-- UP` / `-- DOWN` markers. */
  requiresSections: boolean;
  /** Numbering gaps are worth reporting (small sequential numbers, not timestamps). */
  reportGaps: boolean;
  /** Order of application: by version (numeric), or by file name. */
  order: "version" | "name";
  expectation: string;
}

export interface FlatName {
  version: string;
  name: string;
  direction?: "up" | "down";
  /** Extra values a ledger matches on (sqlx's description). */
  meta?: Record<string, string>;
}

const direction = (value: string | undefined) =>
  value === "up" || value === "down" ? value : undefined;

const prefixed = (expectation: string, reportGaps: boolean, sections = false): FlatLayout => ({
  pattern: /^(\d+)_(.+)\.sql$/,
  parse: (m) => ({ version: m[1] ?? "", name: m[2] ?? "" }),
  pairs: false,
  requiresSections: sections,
  reportGaps,
  order: "version",
  expectation,
});

export const FLAT_LAYOUTS: Partial<Record<Layout, FlatLayout>> = {
  numbered: prefixed("NNN_name.sql", true),
  "up-down": prefixed(
    "NNN_name.sql or YYYYMMDD_name.sql with -- UP / -- DOWN sections",
    true,
    true,
  ),
  supabase: prefixed("<digits>_name.sql", false),
  timestamped: {
    pattern: /^(\d{8,14})(?:_(\d{1,4}))?_(.+)\.sql$/,
    parse: (m) => ({ version: m[2] ? `${m[1]}_${m[2]}` : (m[1] ?? ""), name: m[3] ?? "" }),
    pairs: false,
    requiresSections: false,
    reportGaps: false,
    order: "name",
    expectation: "YYYYMMDD_name.sql or YYYYMMDD_NNN_name.sql",
  },
  sqlx: {
    pattern: /^(\d+)_(.+?)(?:\.(up|down))?\.sql$/,
    parse: (m, sequenceInVersion) => {
      const rest = m[2] ?? "";
      const sequence = sequenceInVersion ? /^(\d+)_/.exec(rest) : null;
      return {
        version: sequence ? `${m[1]}${sequence[1]}` : (m[1] ?? ""),
        name: rest,
        direction: direction(m[3]),
        // sqlx's description: the part after the first `_`, underscores as spaces.
        meta: { description: rest.replaceAll("_", " ") },
      };
    },
    pairs: true,
    requiresSections: false,
    reportGaps: false,
    order: "version",
    expectation: "<version>_<description>.sql or .up.sql/.down.sql",
  },
  "golang-migrate": {
    pattern: /^(\d+)_(.+)\.(up|down)\.sql$/,
    parse: (m) => ({ version: m[1] ?? "", name: m[2] ?? "", direction: direction(m[3]) }),
    pairs: true,
    requiresSections: false,
    reportGaps: false,
    order: "version",
    expectation: "<version>_<title>.up.sql and .down.sql",
  },
  flyway: {
    pattern: /^V(\d+(?:[._]\d+)*)__(.+)\.sql$/,
    parse: (m) => ({ version: (m[1] ?? "").replaceAll("_", "."), name: m[2] ?? "" }),
    pairs: false,
    requiresSections: false,
    reportGaps: false,
    order: "version",
    expectation: "V<version>__<description>.sql",
  },
  "node-pg-migrate": {
    pattern: /^(\d+)[_-](.+)\.(sql|js|cjs|mjs|ts)$/,
    parse: (m) => ({ version: m[1] ?? "", name: m[2] ?? "" }),
    pairs: false,
    requiresSections: false,
    reportGaps: false,
    order: "name",
    expectation: "<timestamp>_name.sql or .js",
  },
  knex: {
    pattern: /^(.+)\.(js|cjs|mjs|ts|sql)$/,
    parse: (m) => ({ version: /^\d+/.exec(m[1] ?? "")?.[0] ?? "0", name: m[1] ?? "" }),
    pairs: false,
    requiresSections: false,
    reportGaps: false,
    order: "name",
    expectation: "<timestamp>_name.js",
  },
};

/**
 * The separator after the version sorts before `.`, so a version sorts before its own
 * sub-versions (Flyway's 1 before 1.1), by code unit and by `localeCompare` alike.
 */
export function orderKeyFor(layout: FlatLayout, version: string, fileName: string): string {
  return layout.order === "version" ? `${padVersion(version)} ${fileName}` : fileName;
}
