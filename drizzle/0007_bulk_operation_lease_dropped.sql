ALTER TABLE "switchyard"."bulk_operations" DROP COLUMN "lease_owner";--> statement-breakpoint
ALTER TABLE "switchyard"."bulk_operations" DROP COLUMN "lease_expires_at";