import { TargetHeader } from "@/components/targets/target-header";
import { Alert } from "@/components/ui/alert";
import type { SystemHealth, TargetQueueHealth } from "@/db/queries/queue-health";
import { formatRelative } from "@/lib/format";
import { targetAnchor } from "@/lib/urls";
import { QueueTable } from "./queue-table";

interface TargetQueuesProps {
  entry: TargetQueueHealth;
  stuck: ReadonlyMap<string, { count: number; codes: readonly string[] }>;
}

/** One target on the overview: its health, each detected system with its queues, and what is absent. */
export function TargetQueues({ entry, stuck }: TargetQueuesProps) {
  const { health } = entry;
  return (
    <section
      id={targetAnchor(health.id)}
      aria-label={health.name}
      className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <TargetHeader health={health} />
      <div className="mt-3 flex flex-col gap-4">
        {health.reachable ? null : (
          <Alert tone="danger" title="Unreachable">
            <p>{health.error}</p>
            <p className="mt-1 text-xs">
              {entry.lastSeenAt
                ? `Last seen ${formatRelative(entry.lastSeenAt)}`
                : "Not seen since Switchyard started watching it"}
            </p>
          </Alert>
        )}
        {entry.error ? (
          <Alert tone="warning" title="Could not inspect this target">
            {entry.error.message}
          </Alert>
        ) : null}
        {entry.problems.length > 0 ? (
          <Alert tone="warning" title="Configuration does not match the database">
            <ul className="list-disc pl-5">
              {entry.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {entry.systems.map((system) => (
          <SystemSection key={system.system} target={health.id} system={system} stuck={stuck} />
        ))}
        {health.reachable && !entry.error && entry.systems.length === 0 ? (
          <p className="text-sm text-slate-500">No queue system detected on this target.</p>
        ) : null}
        {entry.absent.length > 0 ? (
          <details className="text-xs text-slate-500">
            <summary className="cursor-pointer">
              Not found on this target: {entry.absent.map((absent) => absent.name).join(", ")}
            </summary>
            <ul className="mt-1 list-disc pl-5">
              {entry.absent.map((absent) => (
                <li key={absent.system}>
                  {absent.name}: {absent.reason}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </section>
  );
}

interface SystemSectionProps {
  target: string;
  system: SystemHealth;
  stuck: ReadonlyMap<string, { count: number; codes: readonly string[] }>;
}

function SystemSection({ target, system, stuck }: SystemSectionProps) {
  return (
    <section aria-label={`${system.name} on ${target}`}>
      <div className="mb-1 flex items-baseline gap-2">
        <h3 className="text-sm font-semibold text-slate-800">{system.name}</h3>
        <details className="text-xs text-slate-500">
          <summary className="cursor-pointer">why detected</summary>
          <ul className="mt-1 list-disc pl-5">
            {system.because.map((line) => (
              <li key={line} className="font-mono">
                {line}
              </li>
            ))}
            {system.missing.map((line) => (
              <li key={line} className="text-amber-800">
                not found: {line}
              </li>
            ))}
          </ul>
        </details>
      </div>
      {system.errors.map((failure) => (
        <Alert key={failure.source} tone="warning" title={`${failure.source}: numbers unavailable`}>
          {failure.error.message}
        </Alert>
      ))}
      {system.queues.length > 0 ? (
        <QueueTable
          queues={system.queues}
          showSource={new Set(system.queues.map((queue) => queue.source)).size > 1}
          stuck={stuck}
        />
      ) : null}
    </section>
  );
}
