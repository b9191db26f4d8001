import { formatRelative } from "@/lib/format";

interface RelativeTimeProps {
  date: Date | null;
  empty?: string;
}

/** "12 min ago", with the exact UTC time on hover; rendered on the server at request time. */
export function RelativeTime({ date, empty = "—" }: RelativeTimeProps) {
  if (!date) return <span className="text-slate-400">{empty}</span>;
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={iso.replace("T", " ").replace(/\.\d+Z$/, " UTC")}>
      {formatRelative(date)}
    </time>
  );
}
