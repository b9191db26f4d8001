import type { Metadata } from "next";
import { ReviewTable } from "@/components/migrations/review-table";
import { HomeUnavailableNotice } from "@/components/ui/home-unavailable-notice";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { RefreshWhile } from "@/components/ui/refresh-while";
import { requirePageRole } from "@/db/auth/page-guard";
import { orHomeUnavailable, readHome } from "@/db/home-status";
import { listReviews } from "@/db/queries/review-view";
import { HomeUnavailableError } from "@/lib/home-unavailable";

export const metadata: Metadata = { title: "Migration reviews" };
export const dynamic = "force-dynamic";

export default async function ReviewsPage() {
  await requirePageRole("viewer");
  const reviews = await orHomeUnavailable(readHome(() => listReviews({ limit: 200 })));
  if (reviews instanceof HomeUnavailableError) {
    return <HomeUnavailableNotice title="Migration reviews" error={reviews} />;
  }
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
