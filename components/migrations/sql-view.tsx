import { type SqlTokenKind, tokenizeSql } from "@/lib/migrations/sql-tokens";

const STYLE: Record<SqlTokenKind, string> = {
  comment: "text-slate-400 italic",
  string: "text-emerald-300",
  keyword: "text-sky-300 font-semibold",
  number: "text-amber-300",
  placeholder: "text-fuchsia-300",
  identifier: "text-slate-100",
  text: "text-slate-100",
};

interface SqlViewProps {
  sql: string;
  label: string;
}

/** SQL with syntax highlighting, rendered on the server. */
export function SqlView({ sql, label }: SqlViewProps) {
  return (
    <figure aria-label={label}>
      <pre className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-5">
        <code>
          {tokenizeSql(sql).map((token, index) => (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: tokens have no identity beyond position
              key={index}
              className={STYLE[token.kind]}
              data-token={token.kind === "text" ? undefined : token.kind}
            >
              {token.text}
            </span>
          ))}
        </code>
      </pre>
    </figure>
  );
}
