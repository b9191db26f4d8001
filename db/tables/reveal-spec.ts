import "server-only";
import { z } from "zod";
import { wholeCellMask } from "@/lib/tables/masking";
import { ActionRefusal } from "../actions/action-refusal";
import { actionSpec } from "../actions/run-guarded";
import { maskRow, readRawRow } from "./browse-rows";
import { openTable } from "./open-table";

export interface RevealedCells {
  /** column → the unmasked value, for the cells that were masked only. */
  values: Record<string, string | number | null>;
}

/**
 * An admin reads the masked cells of one row. A read, but audited like a change: who saw which
 * secret of which row, and why (the optional reason). Allowed on read-only targets.
 */
export const REVEAL_ROW = actionSpec({
  name: "tables.reveal",
  role: "admin",
  input: z.strictObject({
    target: z.string().min(1).max(100),
    table: z.string().min(1).max(300),
    key: z.string().min(1).max(20_000),
    reason: z.string().max(1000).optional(),
  }),
  async run(input): Promise<{ data: RevealedCells; audit: object }> {
    const table = await openTable(input.target, input.table);
    const raw = await readRawRow(table, input.key);
    if (!raw) throw new ActionRefusal("not_found", "The row is gone.");
    const masked = maskRow(table, raw);
    const values: Record<string, string | number | null> = {};
    for (const [column, cell] of Object.entries(masked.cells)) {
      if (cell.masked || wholeCellMask(table.policy, raw.values, column)) {
        values[column] = raw.values[column] ?? null;
      }
    }
    return {
      data: { values },
      audit: {
        target: input.target,
        objects: {
          table: `${table.detail.schema}.${table.detail.name}`,
          key: raw.keyValues,
          columns: Object.keys(values),
        },
      },
    };
  },
});
