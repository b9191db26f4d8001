import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { requirePageRole } from "@/db/auth/page-guard";
import { queuesOf } from "@/db/queries/system-queues";
import { targetSystems } from "@/db/queries/target-systems";
import { rulesOf } from "@/db/stuck/find-stuck";
import { thresholdSettings } from "@/db/stuck/thresholds";
import { connectionFor, listTargets } from "@/db/targets/registry";
import { durationText } from "@/lib/duration";
import { panelError } from "@/lib/panel-error";
import { resolveThreshold } from "@/lib/stuck/resolve-threshold";
import { STUCK_LABELS } from "@/lib/stuck/stuck-codes";
import { setStuckThreshold } from "../actions";

export const metadata: Metadata = { title: "Stuck thresholds" };

export default async function ThresholdsPage() {
  await requirePageRole("admin");
  const sections = await Promise.all(
    listTargets().map(async (target) => {
      try {
        const systems = await targetSystems(target);
        const settings = await thresholdSettings(target.id);
        return {
          target,
          error: null,
          settings,
          systems: await Promise.all(
            systems.instances.map(async (instance) => {
              const codes = [
                ...new Set(
                  instance.sources.flatMap((source) =>
                    rulesOf(connectionFor(target), source).map((rule) => rule.code),
                  ),
                ),
              ];
              const layers = {
                systemDefaults: instance.adapter?.stuckThresholds ?? {},
                config: target.stuck,
                settings,
              };
              const queues = [...(await queuesOf(target, instance)).values()].flat();
              return { instance, codes, layers, queues };
            }),
          ),
        };
      } catch (error) {
        return {
          target,
          error: panelError(error, target.statementTimeoutMs),
          settings: [],
          systems: [],
        };
      }
    }),
  );
  return (
    <>
      <PageHeader
        title="Stuck thresholds"
        description="How long a job may be in a condition before it counts as stuck. A value set here wins over the config file (queue, then system, then target), which wins over the system's own default and Switchyard's. Durations: 90s, 15m, 2h; empty removes the setting."
      />
      <div className="flex flex-col gap-4">
        {sections.map((section) => (
          <Panel key={section.target.id} title={section.target.name}>
            {section.error ? <Alert tone="warning">{section.error.message}</Alert> : null}
            {section.systems.map(({ instance, codes, layers, queues }) => (
              <div key={instance.system} className="mb-4">
                <h3 className="mb-1 text-sm font-semibold">{instance.name}</h3>
                <table className="w-full text-sm">
                  <thead>
                    <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
                      <th className="py-1 pr-3">Rule</th>
                      <th className="py-1 pr-3">Threshold for the system</th>
                      <th className="py-1 pr-3">From</th>
                      <th className="py-1">Set for {instance.name}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {codes.map((code) => {
                      const resolved = resolveThreshold(code, instance.system, "", layers);
                      return (
                        <tr key={code} className="border-b border-slate-100">
                          <td className="py-1.5 pr-3">
                            {STUCK_LABELS[code]}{" "}
                            <span className="font-mono text-xs text-slate-400">{code}</span>
                          </td>
                          <td className="py-1.5 pr-3 font-mono">
                            {durationText(resolved.seconds)}
                          </td>
                          <td className="py-1.5 pr-3 text-xs text-slate-500">{resolved.from}</td>
                          <td className="py-1.5">
                            <ActionForm
                              label={`${code} for ${instance.system} on ${section.target.id}`}
                              action={setStuckThreshold}
                              values={{
                                target: section.target.id,
                                system: instance.system,
                                queue: "",
                                code,
                              }}
                              submitLabel="Save"
                              tone="plain"
                            >
                              <input
                                name="value"
                                placeholder={durationText(resolved.seconds)}
                                aria-label={`New ${code} threshold`}
                                className="w-24 rounded border border-slate-300 px-2 py-0.5 font-mono text-sm"
                              />
                            </ActionForm>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                {queues.length > 0 ? (
                  <details className="mt-2 text-sm">
                    <summary className="cursor-pointer text-slate-600">
                      Set a threshold for one queue
                    </summary>
                    <ActionForm
                      label={`Queue threshold for ${instance.system} on ${section.target.id}`}
                      action={setStuckThreshold}
                      values={{ target: section.target.id, system: instance.system }}
                      submitLabel="Save"
                      tone="plain"
                      className="mt-2"
                    >
                      <select
                        name="queue"
                        aria-label="Queue"
                        className="rounded border border-slate-300 px-2 py-0.5"
                      >
                        {queues.map((queue) => (
                          <option key={queue}>{queue}</option>
                        ))}
                      </select>
                      <select
                        name="code"
                        aria-label="Rule"
                        className="rounded border border-slate-300 px-2 py-0.5"
                      >
                        {codes.map((code) => (
                          <option key={code} value={code}>
                            {STUCK_LABELS[code]}
                          </option>
                        ))}
                      </select>
                      <input
                        name="value"
                        aria-label="Threshold"
                        placeholder="30m"
                        className="w-24 rounded border border-slate-300 px-2 py-0.5 font-mono"
                      />
                    </ActionForm>
                  </details>
                ) : null}
              </div>
            ))}
            {section.settings.length > 0 ? (
              <p className="text-xs text-slate-500">
                Set here:{" "}
                {section.settings
                  .map(
                    (entry) =>
                      `${entry.system || "*"}/${entry.queue || "*"} ${entry.code} = ${durationText(entry.seconds)}`,
                  )
                  .join("; ")}
              </p>
            ) : null}
          </Panel>
        ))}
      </div>
    </>
  );
}
