import type { Migration } from "@/lib/migrations/model";

interface ChecksumStatusProps {
  checksum: Migration["checksum"];
}

/** Whether the recorded checksum matches the file, in words. */
export function ChecksumStatus({ checksum }: ChecksumStatusProps) {
  if (checksum.algorithm === "none") {
    return <span className="text-slate-400">not kept by the tool</span>;
  }
  if (checksum.recorded === null) return <span className="text-slate-400">—</span>;
  if (checksum.computed === null) return <span className="text-slate-500">no file</span>;
  return checksum.recorded.toLowerCase() === checksum.computed ? (
    <span className="text-emerald-700">matches ({checksum.algorithm})</span>
  ) : (
    <span className="font-medium text-red-700">differs ({checksum.algorithm})</span>
  );
}
