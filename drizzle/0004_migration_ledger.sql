CREATE TABLE "switchyard"."migration_ledger" (
	"target_id" text NOT NULL,
	"source_id" text NOT NULL,
	"migration_id" text NOT NULL,
	"name" text NOT NULL,
	"checksum" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_by" text NOT NULL,
	"execution_ms" integer,
	"success" boolean DEFAULT true NOT NULL,
	"method" text DEFAULT 'applied' NOT NULL,
	"note" text,
	CONSTRAINT "migration_ledger_target_id_source_id_migration_id_pk" PRIMARY KEY("target_id","source_id","migration_id")
);
