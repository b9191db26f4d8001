import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/db/auth/page-guard";

interface ForbiddenPageProps {
  searchParams: Promise<{ need?: string }>;
}

export default async function ForbiddenPage({ searchParams }: ForbiddenPageProps) {
  const actor = await requirePageRole("viewer");
  const { need } = await searchParams;
  return (
    <>
      <PageHeader
        title="Not allowed"
        description={`That page needs the ${need === "operator" ? "operator" : "admin"} role; you are signed in as ${actor.name} (${actor.role}).`}
      />
      <Link href="/" className="text-sm text-sky-800 hover:underline">
        Back to the overview
      </Link>
    </>
  );
}
