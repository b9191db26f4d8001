import "server-only";
import type { TargetConfig } from "@/lib/config/schema";
import type { ProtectedTable } from "@/lib/config/tables-schema";
import { NotFoundError } from "@/lib/input-error";
import { type MaskPolicy, maskPolicy } from "@/lib/tables/masking";
import { choosePagingKey, type PagingKey } from "@/lib/tables/paging-key";
import { parseTableRef } from "@/lib/tables/table-ref";
import { cached } from "../cache";
import { readTableDetail, type TableDetail } from "../catalog/table-detail";
import type { TargetConnection } from "../targets/connect";
import { connectionFor, findTarget } from "../targets/registry";

/** Everything a Tables page or route needs about one relation, checked against the live catalog. */
export interface OpenTable {
  target: TargetConfig;
  connection: TargetConnection;
  detail: TableDetail;
  key: PagingKey;
  policy: MaskPolicy;
  protection: ProtectedTable | null;
}

/** Catalog reads are shared for a few seconds: a page and its API calls see one description. */
const DETAIL_TTL_MS = 10_000;

export function findTargetOrThrow(targetId: string): TargetConfig {
  const target = findTarget(targetId);
  if (!target) throw new NotFoundError("target", targetId);
  return target;
}

export function protectionOf(
  target: TargetConfig,
  schema: string,
  name: string,
): ProtectedTable | null {
  const defaultSchema = target.kind === "postgres" ? "public" : "main";
  return (
    target.protectedTables.find((entry) => {
      const ref = parseTableRef(entry.table, defaultSchema);
      return ref.schema === schema && ref.name === name;
    }) ?? null
  );
}

/** The table a URL names (`schema.table`), or NotFoundError: names never reach SQL unchecked. */
export async function openTable(targetId: string, tableParam: string): Promise<OpenTable> {
  const target = findTargetOrThrow(targetId);
  const connection = connectionFor(target);
  const ref = parseTableRef(tableParam, target.kind === "postgres" ? "public" : "main");
  if (target.kind === "sqlite" && ref.schema !== "main") {
    throw new NotFoundError("table", tableParam);
  }
  const detail = await cached(`table:${target.id}:${ref.schema}.${ref.name}`, DETAIL_TTL_MS, () =>
    readTableDetail(connection, ref.schema, ref.name),
  );
  if (!detail)
    throw new NotFoundError("table", tableParam, `no table "${tableParam}" on "${targetId}"`);
  return {
    target,
    connection,
    detail,
    key: choosePagingKey({ ...detail, engine: connection.kind }),
    policy: maskPolicy(
      detail.name,
      detail.columns.map((column) => column.name),
      target.secretColumns,
    ),
    protection: protectionOf(target, detail.schema, detail.name),
  };
}
