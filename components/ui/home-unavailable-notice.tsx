import type { HomeUnavailableError } from "@/lib/home-unavailable";
import { Alert } from "./alert";
import { PageHeader } from "./page-header";

interface HomeUnavailableNoticeProps {
  title: string;
  error: HomeUnavailableError;
}

/** The whole content of a page that shows only Switchyard's own records, while they are out of reach. */
export function HomeUnavailableNotice({ title, error }: HomeUnavailableNoticeProps) {
  return (
    <>
      <PageHeader title={title} />
      <Alert tone="danger" title="Switchyard's home database is unavailable">
        This page shows Switchyard's own records, which live in its home database, and that database
        cannot be reached ({error.detail}). They will show again once it is back; targets that
        answer can still be read on the other pages.
      </Alert>
    </>
  );
}
