import { checkAllTargets } from "@/db/queries/target-health";
import { SWITCHYARD_VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

/** Liveness for load balancers and the demo: 200 when every target answers, 503 otherwise. */
export async function GET() {
  const targets = await checkAllTargets();
  const healthy = targets.every((target) => target.reachable);
  return Response.json(
    {
      status: healthy ? "ok" : "degraded",
      version: SWITCHYARD_VERSION,
      targets: targets.map(({ id, name, kind, reachable, latencyMs, serverVersion, error }) => ({
        id,
        name,
        kind,
        reachable,
        latencyMs,
        ...(serverVersion ? { serverVersion } : {}),
        ...(error ? { error } : {}),
      })),
    },
    { status: healthy ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
