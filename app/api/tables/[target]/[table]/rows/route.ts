import { defineReadRoute } from "@/db/actions/define-route";
import { appCursors } from "@/db/signing-keys";
import { browseRows, readOneRow } from "@/db/tables/browse-rows";
import { openTable } from "@/db/tables/open-table";
import { InputError, NotFoundError } from "@/lib/input-error";

export const dynamic = "force-dynamic";

/**
 * Rows, masked: `?filter=col:op:value` (repeatable), `sort=col|-col`, `cursor=`, `limit=` (≤ 500).
 * `?key=` returns one row whole (cells untruncated), as the JSON viewer and the row page use.
 */
export const GET = defineReadRoute("viewer", async (request, { target, table }) => {
  const params = new URL(request.url).searchParams;
  const open = await openTable(target ?? "", table ?? "");
  const key = params.get("key");
  if (key) {
    const row = await readOneRow(open, key);
    if (!row) throw new NotFoundError("row", key, "the row is gone");
    return { row };
  }
  const limitText = params.get("limit");
  const limit = limitText ? Number(limitText) : null;
  if (limitText && !Number.isInteger(limit)) throw new InputError("limit", "expected a number");
  return browseRows(
    open,
    {
      filter: params.getAll("filter"),
      sort: params.get("sort"),
      cursor: params.get("cursor"),
      limit,
    },
    await appCursors(),
  );
});
