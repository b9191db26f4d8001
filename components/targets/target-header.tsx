import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { StatusDot } from "@/components/ui/status-dot";
import type { TargetHealth } from "@/db/targets/health";
import { tablesHref } from "@/lib/urls";

interface TargetHeaderProps {
  health: TargetHealth;
}

export function TargetHeader({ health }: TargetHeaderProps) {
  return (
    <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <StatusDot ok={health.reachable} label={health.reachable ? "Reachable" : "Unreachable"} />
      <h2 className="font-semibold">{health.name}</h2>
      <Badge tone={health.kind === "postgres" ? "blue" : "violet"}>
        {health.kind === "postgres" ? "PostgreSQL" : "SQLite"}
      </Badge>
      {health.readOnly ? (
        <Badge tone="amber" title="Configured readOnly: no mutation is possible on this target">
          read-only
        </Badge>
      ) : null}
      <span className="text-xs text-slate-500">
        <span className="font-mono">{health.id}</span>
        {health.serverVersion ? ` · ${health.serverVersion}` : ""} · {health.latencyMs} ms
      </span>
      <Link href={tablesHref(health.id)} className="ml-auto text-xs text-sky-800 hover:underline">
        Tables
      </Link>
    </header>
  );
}
