import type { Fact } from "@/lib/migrations/model";
import { ProvenanceTag } from "./provenance-tag";

interface FactsTableProps {
  facts: readonly Fact[];
}

/** Every fact about a migration, with where it came from. */
export function FactsTable({ facts }: FactsTableProps) {
  return (
    <table className="w-full text-left text-sm">
      <tbody>
        {facts.map((fact) => (
          <tr
            key={`${fact.label}:${fact.value}:${fact.from}`}
            className="border-b border-slate-100 last:border-0"
          >
            <th
              scope="row"
              className="py-1.5 pr-3 align-top font-medium whitespace-nowrap text-slate-600"
            >
              {fact.label}
            </th>
            <td className="py-1.5 pr-3 font-mono text-xs break-all text-slate-800">{fact.value}</td>
            <td className="py-1.5 pr-3 align-top">
              <ProvenanceTag provenance={fact.provenance} />
            </td>
            <td className="py-1.5 text-xs text-slate-500">{fact.from}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
