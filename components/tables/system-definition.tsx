import { Badge } from "@/components/ui/badge";
import type { TableView } from "@/db/tables/table-views";

/** Which system uses the table, what for, and where its Drizzle definition and the live table differ. */
export function SystemDefinition({
  ownership,
}: {
  ownership: NonNullable<TableView["ownership"]>;
}) {
  return (
    <div className="flex flex-col gap-3 text-sm">
      <p>
        Used by <strong>{ownership.systemName}</strong> ({ownership.system}) as{" "}
        {ownership.usedAs.join("; ")}.
      </p>
      {ownership.definitions.map((definition) => {
        const real = definition.drift.filter((entry) => entry.kind !== "extra column");
        const extra = definition.drift.filter((entry) => entry.kind === "extra column");
        return (
          <div key={definition.name}>
            <p className="text-xs text-slate-500">
              Switchyard's Drizzle definition declares {definition.columns.length} columns:{" "}
              <span className="font-mono">{definition.columns.join(", ")}</span>
            </p>
            {real.length === 0 ? (
              <p className="mt-1">
                <Badge tone="green">no drift</Badge>{" "}
                <span className="text-xs text-slate-500">
                  every declared column exists with its type and nullability
                </span>
              </p>
            ) : (
              <ul aria-label="Drift" className="mt-1 flex flex-col gap-0.5">
                {real.map((entry) => (
                  <li key={`${entry.column}-${entry.kind}`}>
                    <Badge tone={entry.kind === "missing column" ? "red" : "amber"}>
                      {entry.kind}
                    </Badge>{" "}
                    <span className="font-mono text-xs">{entry.column}</span>{" "}
                    <span className="text-xs text-slate-600">{entry.message}</span>
                  </li>
                ))}
              </ul>
            )}
            {extra.length > 0 ? (
              <p className="mt-1 text-xs text-slate-500">
                Not declared (Switchyard does not read them):{" "}
                {extra.map((entry) => entry.column).join(", ")}
              </p>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
