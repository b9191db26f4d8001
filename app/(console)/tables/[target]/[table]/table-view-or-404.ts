import "server-only";
import { notFound } from "next/navigation";
import { getTableView, type TableView } from "@/db/tables/table-views";
import { NotFoundError } from "@/lib/input-error";

/** The table a URL names, or the not-found page when the target or table does not exist. */
export function tableViewOr404(targetId: string, tableName: string): Promise<TableView> {
  return getTableView(targetId, tableName).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
}
