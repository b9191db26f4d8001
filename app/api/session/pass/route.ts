import { defineReadRoute } from "@/db/actions/define-route";
import { renewPass } from "@/db/auth/renew-pass";

export const dynamic = "force-dynamic";

/** Renews the caller's read-only pass (kept for when the home database is away); see README. */
export const GET = defineReadRoute("viewer", () => renewPass());
