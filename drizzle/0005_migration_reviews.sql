CREATE TABLE "switchyard"."migration_reviews" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"target_id" text NOT NULL,
	"source_id" text NOT NULL,
	"direction" text NOT NULL,
	"state" text DEFAULT 'requested' NOT NULL,
	"files" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"note" text,
	"requested_by_id" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lint" jsonb,
	"dry_run" jsonb,
	"checked_at" timestamp with time zone,
	"decided_by_id" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	"overridden_findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"applied_by_id" text,
	"applied_by" text,
	"apply_started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"progress" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"commits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE INDEX "migration_reviews_target" ON "switchyard"."migration_reviews" USING btree ("target_id","source_id","requested_at");--> statement-breakpoint
CREATE INDEX "migration_reviews_state" ON "switchyard"."migration_reviews" USING btree ("state");