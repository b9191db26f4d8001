import type { Metadata } from "next";
import { TableHeader } from "@/components/tables/table-header";
import { Panel } from "@/components/ui/panel";
import { requirePageRole } from "@/db/auth/page-guard";
import { decodeParam } from "@/lib/http/json-route";
import { exportDrizzle } from "@/lib/tables/drizzle-export";
import { tableApiHref } from "@/lib/tables/table-urls";
import { tableViewOr404 } from "../table-view-or-404";

interface DrizzlePageProps {
  params: Promise<{ target: string; table: string }>;
}

export async function generateMetadata({ params }: DrizzlePageProps): Promise<Metadata> {
  return { title: `Drizzle schema of ${decodeParam((await params).table)}` };
}

export default async function DrizzlePage({ params }: DrizzlePageProps) {
  await requirePageRole("viewer");
  const names = await params;
  const view = await tableViewOr404(decodeParam(names.target), decodeParam(names.table));
  const { table, detail } = view;
  const code = exportDrizzle([detail], table.connection.kind);
  const name = `${detail.schema}.${detail.name}`;
  return (
    <>
      <TableHeader view={view} tab="drizzle" />
      <Panel
        title="Export as Drizzle schema"
        aside={
          <a
            href={tableApiHref(table.target.id, name, "/drizzle")}
            className="text-xs text-sky-800 hover:underline"
          >
            as text
          </a>
        }
      >
        <p className="mb-2 text-xs text-slate-500">
          The {table.connection.kind === "postgres" ? "pgTable" : "sqliteTable"} definition matching
          the live table: columns, types, defaults, keys and indexes. Foreign keys to other tables
          are noted as comments; export those tables too.
        </p>
        <pre className="overflow-x-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-100">
          {code}
        </pre>
      </Panel>
    </>
  );
}
