import type { Metadata } from "next";
import { ReviewTable } from "@/components/migrations/review-table";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { RefreshWhile } from "@/components/ui/refresh-while";
import { requirePageRole } from "@/db/auth/page-guard";
import { listReviews } from "@/db/queries/review-view";

export const metadata: Metadata = { title: "Migration reviews" };
export const dynamic = "force-dynamic";

export default async function ReviewsPage() {
  await requirePageRole("viewer");
  const reviews = await listReviews({ limit: 200 });
  const moving = reviews.some((review) => ["requested", "applying"].includes(review.state));
  return (
    <>
      <PageHeader
        title="Migration reviews"
        description="Pending migrations go through a review: lint and a dry run are attached, another admin approves, an admin applies. Rollbacks take the same path."
      />
      <RefreshWhile active={moving} everyMs={2_000} />
      <Panel
        title="Reviews"
        aside={<span className="text-xs text-slate-500">newest first, at most 200</span>}
      >
        <ReviewTable reviews={reviews} />
      </Panel>
    </>
  );
}
