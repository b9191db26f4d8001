import { Badge } from "@/components/ui/badge";
import { Panel } from "@/components/ui/panel";
import type { LintResult, Severity } from "@/lib/migrations/lint/finding";
import { lockSummary } from "@/lib/migrations/lint/format-findings";
import type { Tone } from "@/lib/tone";

const TONE: Record<Severity, Tone> = { error: "red", warning: "amber", info: "neutral" };

export function LintPanel({ result, title = "Lint" }: { result: LintResult; title?: string }) {
  const { findings, notes } = result;
  return (
    <Panel
      title={title}
      aside={<span className="text-xs text-slate-500">{findings.length} finding(s)</span>}
    >
      {notes.map((note) => (
        <p key={note} className="mb-2 text-sm text-slate-500">
          {note}
        </p>
      ))}
      {findings.length === 0 ? (
        <p className="text-sm text-slate-500">No findings.</p>
      ) : (
        <ul className="flex flex-col gap-3 text-sm">
          {findings.map((finding, index) => (
            // Two rules can fire on one statement: the index keeps the keys apart.
            // biome-ignore lint/suspicious/noArrayIndexKey: findings are a fixed, ordered list
            <li key={`${finding.code}:${finding.line}:${index}`} className="flex flex-col gap-1">
              <span className="flex flex-wrap items-center gap-2">
                <Badge tone={TONE[finding.severity]}>{finding.severity}</Badge>
                <code className="text-xs text-slate-500">{finding.code}</code>
                <span className="text-xs text-slate-500">line {finding.line}</span>
                <code className="font-mono text-xs text-slate-800">{finding.excerpt}</code>
              </span>
              <span className="text-slate-700">{finding.reason}</span>
              {lockSummary(finding) ? (
                <span className="text-slate-600">{lockSummary(finding)}</span>
              ) : null}
              <span className="text-slate-500">Safer: {finding.saferPattern}</span>
              {finding.needsTypedConfirmation ? (
                <span className="text-slate-500">Apply will ask for a typed confirmation.</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
