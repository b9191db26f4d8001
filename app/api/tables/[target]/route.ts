import { defineReadRoute } from "@/db/actions/define-route";
import { getCatalogView } from "@/db/tables/table-views";
import { parseCatalogQuery } from "@/lib/tables/catalog-list";

export const dynamic = "force-dynamic";

/** The target's catalog: relations with rows (exact or estimated), sizes, owner and protection. `?q=&sort=-size`. */
export const GET = defineReadRoute("viewer", async (request, { target }) => {
  const view = await getCatalogView(
    target ?? "",
    parseCatalogQuery(new URL(request.url).searchParams),
  );
  return {
    target: view.target.id,
    engine: view.target.kind,
    total: view.total,
    tables: view.tables,
  };
});
