import { defineReadRoute } from "@/db/actions/define-route";
import { getTableView } from "@/db/tables/table-views";

export const dynamic = "force-dynamic";

/** One relation: columns, keys, indexes, constraints, foreign keys both ways, triggers, estimates. */
export const GET = defineReadRoute("viewer", async (_request, { target, table }) => {
  const view = await getTableView(target ?? "", table ?? "");
  return {
    ...view.detail,
    paging: { ...view.key, description: view.keyDescription },
    sortable: view.sortable,
    protection: view.table.protection,
    ownership: view.ownership,
    masked: {
      columns: [...view.table.policy.secretColumns],
      rows: view.table.policy.rowRule,
    },
  };
});
