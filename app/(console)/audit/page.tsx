import type { Metadata } from "next";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { Alert } from "@/components/ui/alert";
import { HomeUnavailableNotice } from "@/components/ui/home-unavailable-notice";
import { InvalidCursorAlert } from "@/components/ui/invalid-cursor-alert";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { auditPage } from "@/db/audit/list-audit";
import { requirePageRole } from "@/db/auth/page-guard";
import { orHomeUnavailable, readHome } from "@/db/home-status";
import { appCursors } from "@/db/signing-keys";
import { parseAuditParams } from "@/lib/audit/audit-filter";
import { InvalidCursorError } from "@/lib/cursor";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { toSearchParams } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Audit log" };

interface AuditPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function AuditPage({ searchParams }: AuditPageProps) {
  await requirePageRole("viewer");
  const params = toSearchParams(await searchParams);
  const parsed = parseAuditParams(params);
  const filter = parsed.ok ? parsed.filter : {};
  const cursor = parsed.ok ? parsed.cursor : null;
  const page = await orHomeUnavailable(
    appCursors().then((cursors) => readHome((db) => auditPage(db, filter, cursor, cursors, 100))),
  ).catch((error: unknown) => {
    if (error instanceof InvalidCursorError) return null;
    throw error;
  });
  if (page instanceof HomeUnavailableError) {
    return <HomeUnavailableNotice title="Audit log" error={page} />;
  }
  const withParams = (changes: Record<string, string | undefined>, base = "/audit") => {
    const next = new URLSearchParams(params);
    next.delete("cursor");
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) next.delete(key);
      else next.set(key, value);
    }
    const query = next.toString();
    return query ? `${base}?${query}` : base;
  };
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every sign-in, failed sign-in, sign-out and change, by an operator, a token or the command line, with where it came from and how it ended. Append-only: nothing in Switchyard can change or delete an entry."
      />
      {parsed.ok ? null : (
        <Alert tone="warning" title={`Ignored the filter: ${parsed.parameter}`}>
          {parsed.message}
        </Alert>
      )}
      <AuditFilters filter={filter} exportHref={(format) => withParams({ format }, "/api/audit")} />
      <section
        aria-label="Audit events"
        className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      >
        {page ? (
          <>
            <AuditTable events={page.events} />
            <Pager
              noun="events"
              firstHref={cursor ? withParams({}) : null}
              nextHref={page.nextCursor ? withParams({ cursor: page.nextCursor }) : null}
            />
          </>
        ) : (
          <InvalidCursorAlert firstHref={withParams({})} />
        )}
      </section>
    </>
  );
}
