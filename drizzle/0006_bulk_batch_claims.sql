ALTER TABLE "switchyard"."bulk_operation_batches" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "switchyard"."bulk_operations" ADD COLUMN "paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "switchyard"."bulk_operations" ADD COLUMN "batch_size" integer DEFAULT 500 NOT NULL;--> statement-breakpoint
ALTER TABLE "switchyard"."bulk_operations" ADD COLUMN "pause_ms" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "switchyard"."bulk_operations" ADD COLUMN "next_batch" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "bulk_operation_batches_in_flight" ON "switchyard"."bulk_operation_batches" USING btree ("lease_expires_at") WHERE "switchyard"."bulk_operation_batches"."status" in ('claimed', 'prepared');