-- Custom migration (drizzle-kit generate --custom): the audit log is append-only. Switchyard never
-- updates or deletes audit rows; these triggers make the database refuse it too, for anyone who
-- is not allowed to drop triggers. Deployments can go further and grant the application's role
-- only INSERT and SELECT on this table (see README, "Audit log").
CREATE FUNCTION "switchyard"."audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'switchyard.audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_events_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "switchyard"."audit_events"
  FOR EACH ROW EXECUTE FUNCTION "switchyard"."audit_events_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_no_truncate"
  BEFORE TRUNCATE ON "switchyard"."audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "switchyard"."audit_events_append_only"();
