CREATE TYPE "switchyard"."operator_role" AS ENUM('viewer', 'operator', 'admin');--> statement-breakpoint
CREATE TABLE "switchyard"."api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"role" "switchyard"."operator_role" NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_name_unique" UNIQUE("name"),
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "switchyard"."audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"target" text,
	"system" text,
	"action" text NOT NULL,
	"objects" jsonb,
	"reason" text,
	"outcome" text NOT NULL,
	"changed" integer,
	"skipped" integer,
	"failed" integer,
	"error_code" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "switchyard"."operators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"role" "switchyard"."operator_role" NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operators_name_unique" UNIQUE("name"),
	CONSTRAINT "operators_name_lowercase" CHECK ("switchyard"."operators"."name" = lower("switchyard"."operators"."name"))
);
--> statement-breakpoint
CREATE TABLE "switchyard"."sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"operator_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
ALTER TABLE "switchyard"."sessions" ADD CONSTRAINT "sessions_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "switchyard"."operators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_at" ON "switchyard"."audit_events" USING btree ("at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_action_at" ON "switchyard"."audit_events" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "audit_events_actor_at" ON "switchyard"."audit_events" USING btree ("actor_name","at");--> statement-breakpoint
CREATE INDEX "audit_events_ip_at" ON "switchyard"."audit_events" USING btree ("ip","at");--> statement-breakpoint
CREATE INDEX "sessions_operator" ON "switchyard"."sessions" USING btree ("operator_id");