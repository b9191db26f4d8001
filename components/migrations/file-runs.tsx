import { Badge } from "@/components/ui/badge";
import { formatMillis } from "@/lib/format";
import type { FileRun, StatementStatus } from "@/lib/migrations/run-model";
import type { Tone } from "@/lib/tone";

const STATUS: Record<StatementStatus, { tone: Tone; label: string }> = {
  ok: { tone: "green", label: "ok" },
  failed: { tone: "red", label: "failed" },
  not_run: { tone: "neutral", label: "not run" },
  skipped_outside_transaction: { tone: "amber", label: "not run: needs no transaction" },
  skipped_transaction_control: {
    tone: "neutral",
    label: "not run: the dry run holds the transaction",
  },
};

/** Per file, per statement: what ran, how long it took, what it changed, and the error. */
export function FileRuns({ runs, label }: { runs: FileRun[]; label: string }) {
  return (
    <div className="flex flex-col gap-4">
      {runs.map((run) => (
        <div key={run.migrationId} className="flex flex-col gap-2">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-mono font-medium text-slate-800">{run.migrationId}</span>
            <Badge tone={run.ok ? "green" : "red"}>{run.ok ? "ok" : "failed"}</Badge>
            <span className="text-slate-500">
              {run.transaction.mode === "transaction"
                ? "in one transaction"
                : `outside a transaction: ${run.transaction.reason ?? ""}`}
              {run.attempts && run.attempts > 1 ? ` · attempt ${run.attempts}` : ""} ·{" "}
              {formatMillis(run.durationMs)}
            </span>
          </p>
          <table className="w-full text-left text-sm" aria-label={`${label} of ${run.migrationId}`}>
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Line</th>
                <th className="py-1 pr-3 font-medium">Statement</th>
                <th className="py-1 pr-3 font-medium">Result</th>
                <th className="py-1 pr-3 font-medium">Time</th>
                <th className="py-1 font-medium">Changed</th>
              </tr>
            </thead>
            <tbody>
              {run.statements.map((statement) => (
                <tr key={statement.index} className="border-t border-slate-100 align-top">
                  <td className="py-1 pr-3 tabular-nums text-slate-500">{statement.line}</td>
                  <td className="max-w-md py-1 pr-3">
                    <code className="break-all font-mono text-xs">{statement.excerpt}</code>
                    {statement.error ? (
                      <p className="mt-1 text-xs text-red-700">
                        {statement.error.code ? `${statement.error.code}: ` : ""}
                        {statement.error.message} (line {statement.error.line}, column{" "}
                        {statement.error.column})
                        {statement.error.detail ? ` ${statement.error.detail}` : ""}
                        {statement.error.hint ? ` Hint: ${statement.error.hint}` : ""}
                      </p>
                    ) : null}
                  </td>
                  <td className="py-1 pr-3">
                    <Badge tone={STATUS[statement.status].tone}>
                      {STATUS[statement.status].label}
                    </Badge>
                  </td>
                  <td className="py-1 pr-3 tabular-nums text-slate-500">
                    {statement.durationMs === null ? "—" : formatMillis(statement.durationMs)}
                  </td>
                  <td className="py-1 text-xs text-slate-600">
                    {statement.changes.length === 0
                      ? "—"
                      : statement.changes.map((change) => (
                          <span key={`${change.kind}:${change.name}`} className="block">
                            {change.change} {change.kind} <code>{change.name}</code>
                            {change.detail ? ` (${change.detail})` : ""}
                          </span>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
