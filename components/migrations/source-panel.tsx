import { Badge } from "@/components/ui/badge";
import { Panel } from "@/components/ui/panel";
import type { SourceReport } from "@/lib/migrations/report";
import { FindingsList } from "./findings-list";
import { SourceTable } from "./source-table";

interface SourcePanelProps {
  target: string;
  source: SourceReport;
}

export function SourcePanel({ target, source }: SourcePanelProps) {
  const ledger = `${source.ledger.kind} · ${source.ledger.table}`;
  return (
    <Panel
      title={`${source.name}`}
      aside={
        <div className="flex flex-wrap items-center gap-1.5">
          <Badge>{source.layout}</Badge>
          <Badge
            tone={source.ledger.present ? "neutral" : "amber"}
            title="Where applied migrations are recorded"
          >
            {source.ledger.present ? ledger : `${ledger} (absent)`}
          </Badge>
          {source.readOnly ? (
            <Badge tone="violet" title="Shown, never applied from Switchyard">
              read-only
            </Badge>
          ) : null}
        </div>
      }
    >
      <p className="mb-2 font-mono text-xs text-slate-500">{source.folder}</p>
      <div className="mb-3">
        <FindingsList findings={source.findings} />
      </div>
      <SourceTable target={target} source={source} />
    </Panel>
  );
}
