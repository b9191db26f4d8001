import {
  type CatalogSnapshot,
  type CatalogTable,
  missingColumns,
  qualifiedName,
  tablesNamed,
} from "../../catalog/snapshot";
import type { DetectOptions, DetectResult } from "../adapter";
import { describeMatch, siblingTable } from "../catalog-match";

interface TableSignature {
  name: string;
  required: readonly string[];
  /** At least one of these must be present too (what makes the table this system's). */
  oneOf?: readonly string[];
  /** Shown in the detection report when present. */
  optional: readonly string[];
  state: string;
}

export const MEMORY: TableSignature = {
  name: "maintenance_agent_memory",
  required: ["id", "asset_uid", "processing_status", "processing_stage", "created_at"],
  optional: ["updated_at", "total_tasks_found"],
  state: "processing_status",
};

export const REVIEW: TableSignature = {
  name: "maintenance_tasks_queue",
  required: ["id", "asset_uid", "description", "status", "created_at"],
  oneOf: ["confidence", "source_details"],
  optional: ["task_type", "reviewed_at", "review_notes", "duplicate_of"],
  state: "status",
};

/** Added by the pending migration 001 ("Add retry tracking"). */
export const RETRY_COLUMNS = [
  "retry_count",
  "last_retry_at",
  "next_retry_at",
  "last_error",
  "tasks_queued",
] as const;

const SYSTEMS_REQUIRED = ["asset_uid", "description", "manufacturer_norm", "model_norm"];
const DOCUMENTS_REQUIRED = ["doc_id", "manufacturer", "model"];

function qualifies(table: CatalogTable, signature: TableSignature): boolean {
  return (
    missingColumns(table, signature.required).length === 0 &&
    (!signature.oneOf || signature.oneOf.some((column) => table.columns.has(column)))
  );
}

function candidates(catalog: CatalogSnapshot, signature: TableSignature, options: DetectOptions) {
  return tablesNamed(catalog, signature.name).filter(
    (table) => (!options.schema || table.schema === options.schema) && qualifies(table, signature),
  );
}

function absence(catalog: CatalogSnapshot, signature: TableSignature, options: DetectOptions) {
  const named = tablesNamed(catalog, signature.name).filter(
    (table) => !options.schema || table.schema === options.schema,
  );
  const closest = named[0];
  if (!closest) {
    return `no table named ${signature.name}${options.schema ? ` in schema ${options.schema}` : ""}`;
  }
  const lacks = [...missingColumns(closest, signature.required)];
  if (signature.oneOf && !signature.oneOf.some((column) => closest.columns.has(column))) {
    lacks.push(signature.oneOf.join(" or "));
  }
  return `${qualifiedName(closest)} lacks ${lacks.join(", ")}`;
}

function matchLine(table: CatalogTable, signature: TableSignature): string {
  const shown = [...signature.required, ...(signature.oneOf ?? []), ...signature.optional].filter(
    (column) => table.columns.has(column),
  );
  return describeMatch(table, shown, signature.state);
}

/**
 * The agent's memory table and/or its review queue, preferring a schema that holds both. Either
 * alone is enough: the table names and their asset_uid/processing_* or confidence/source_details
 * columns are specific to this agent (other systems' `queue`/`status` tables never match).
 */
export function detectMaintenanceAgent(
  catalog: CatalogSnapshot,
  options: DetectOptions,
): DetectResult {
  const memories = candidates(catalog, MEMORY, options);
  const reviews = candidates(catalog, REVIEW, options);
  const schema =
    memories.find((memory) => reviews.some((review) => review.schema === memory.schema))?.schema ??
    memories[0]?.schema ??
    reviews[0]?.schema;
  if (schema === undefined) {
    return {
      found: false,
      reason: `${absence(catalog, MEMORY, options)}; ${absence(catalog, REVIEW, options)}`,
    };
  }
  const memory = memories.find((table) => table.schema === schema);
  const review = reviews.find((table) => table.schema === schema);
  const anchor = (memory ?? review) as CatalogTable;
  const systems = siblingTable(catalog, anchor, "systems", SYSTEMS_REQUIRED);
  const documents = siblingTable(catalog, anchor, "documents", DOCUMENTS_REQUIRED);

  const because: string[] = [];
  const missing: string[] = [];
  if (memory) {
    because.push(matchLine(memory, MEMORY));
    const absent = RETRY_COLUMNS.filter((column) => !memory.columns.has(column));
    if (absent.length > 0) {
      missing.push(
        `${MEMORY.name}.${absent.join(", ")}: migration 001 not applied: no retry tracking`,
      );
    }
    if (!memory.columns.has("updated_at")) {
      missing.push(`${MEMORY.name}.updated_at: no liveness signal for running systems`);
    }
  } else {
    missing.push(`${MEMORY.name} not found: no per-system processing runs`);
  }
  if (review) {
    because.push(matchLine(review, REVIEW));
    if (!review.columns.has("reviewed_at")) {
      missing.push(`${REVIEW.name}.reviewed_at: no review times, so no review throughput`);
    }
  } else {
    missing.push(`${REVIEW.name} not found: no task review queue`);
  }
  if (systems) {
    because.push(`${describeMatch(systems, SYSTEMS_REQUIRED)} (shared, read-only)`);
  } else {
    missing.push(`systems (shared) not found in ${schema}: no equipment names`);
  }
  if (documents) {
    because.push(`${describeMatch(documents, DOCUMENTS_REQUIRED)} (shared, read-only)`);
  } else {
    missing.push(`documents (shared) not found in ${schema}: no source document checks`);
  }

  return {
    found: true,
    detection: {
      system: "maintenance-agent",
      schema,
      because,
      missing,
      tables: {
        ...(memory ? { memory } : {}),
        ...(review ? { review } : {}),
        ...(systems ? { systems } : {}),
        ...(documents ? { documents } : {}),
      },
    },
  };
}
