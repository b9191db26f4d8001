CREATE SCHEMA "switchyard";
--> statement-breakpoint
CREATE TABLE "switchyard"."target_status" (
	"target_id" text PRIMARY KEY NOT NULL,
	"reachable" boolean NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone,
	"latency_ms" integer,
	"server_version" text,
	"last_error" text
);
