CREATE TABLE "switchyard"."bulk_operation_batches" (
	"operation_id" uuid NOT NULL,
	"batch" integer NOT NULL,
	"target_txid" text,
	"status" text NOT NULL,
	"changed" integer NOT NULL,
	"skipped" integer NOT NULL,
	"prepared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_by" text NOT NULL,
	CONSTRAINT "bulk_operation_batches_operation_id_batch_pk" PRIMARY KEY("operation_id","batch")
);
--> statement-breakpoint
CREATE TABLE "switchyard"."bulk_operation_items" (
	"operation_id" uuid NOT NULL,
	"job_id" text NOT NULL,
	"seen_state" text,
	"seen_version" text,
	"batch" integer,
	"outcome" text,
	"detail" text,
	CONSTRAINT "bulk_operation_items_operation_id_job_id_pk" PRIMARY KEY("operation_id","job_id")
);
--> statement-breakpoint
CREATE TABLE "switchyard"."bulk_operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"target" text NOT NULL,
	"system" text NOT NULL,
	"source" text NOT NULL,
	"queue" text NOT NULL,
	"action" text NOT NULL,
	"scope" jsonb NOT NULL,
	"total" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"changed" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"last_error" text,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "switchyard"."stuck_thresholds" (
	"target" text NOT NULL,
	"system" text DEFAULT '' NOT NULL,
	"queue" text DEFAULT '' NOT NULL,
	"code" text NOT NULL,
	"seconds" integer NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stuck_thresholds_target_system_queue_code_pk" PRIMARY KEY("target","system","queue","code")
);
--> statement-breakpoint
ALTER TABLE "switchyard"."bulk_operation_batches" ADD CONSTRAINT "bulk_operation_batches_operation_id_bulk_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "switchyard"."bulk_operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "switchyard"."bulk_operation_items" ADD CONSTRAINT "bulk_operation_items_operation_id_bulk_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "switchyard"."bulk_operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulk_operation_items_pending" ON "switchyard"."bulk_operation_items" USING btree ("operation_id","outcome","job_id");--> statement-breakpoint
CREATE INDEX "bulk_operations_status" ON "switchyard"."bulk_operations" USING btree ("status","created_at");