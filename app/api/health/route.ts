import { homeStatus } from "@/db/home-status";
import { checkAllTargets } from "@/db/queries/target-health";
import { SWITCHYARD_VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

/**
 * Liveness for load balancers and the demo: 200 when every target and Switchyard's home database
 * answer, 503 (naming what does not) otherwise.
 */
export async function GET() {
  const [targets, home] = await Promise.all([checkAllTargets(), homeStatus()]);
  const healthy = home.reachable && targets.every((target) => target.reachable);
  return Response.json(
    {
      status: healthy ? "ok" : "degraded",
      version: SWITCHYARD_VERSION,
      home,
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
