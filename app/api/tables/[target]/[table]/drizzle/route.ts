import { defineReadRoute } from "@/db/actions/define-route";
import { getDrizzleExport } from "@/db/tables/table-views";

export const dynamic = "force-dynamic";

/** The Drizzle TypeScript definition matching the live table, as text. */
export const GET = defineReadRoute("viewer", async (_request, { target, table }) => {
  const code = await getDrizzleExport(target ?? "", table ?? "");
  return new Response(code, {
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
});
