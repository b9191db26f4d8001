import fs from "node:fs";
import { percentile, round } from "./measure";

export interface PageLoad {
  path: string;
  requests: number;
  errors: number;
  requestsPerSecond: number;
  medianMs: number;
  p99Ms: number;
}

/**
 * `clients` concurrent clients asking for one page back to back for `seconds`, after two warm-up
 * requests, each request timed; non-200 answers count as errors.
 */
export async function loadPage(
  baseUrl: string,
  path: string,
  cookie: string,
  clients: number,
  seconds: number,
): Promise<PageLoad> {
  // Warm-up, as for the query cases: the first request compiles the route and fills the caches.
  for (let run = 0; run < 2; run++) {
    await (await fetch(`${baseUrl}${path}`, { headers: { cookie } })).arrayBuffer();
  }
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        const response = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
        await response.arrayBuffer();
        if (response.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (share: number) => percentile(sorted, share);
  return {
    path,
    requests: sorted.length,
    errors,
    requestsPerSecond: round(sorted.length / elapsed, 1),
    medianMs: round(at(0.5), 1),
    p99Ms: round(at(0.99), 1),
  };
}

/** Peak resident memory (VmHWM) of a process and its children, in MB, from /proc. */
export function peakMemoryMb(pid: number): number {
  let total = 0;
  for (const id of [pid, ...childrenOf(pid)]) {
    const status = readOrEmpty(`/proc/${id}/status`);
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    total += kb;
  }
  return round(total / 1024, 0);
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.existsSync("/proc") ? fs.readdirSync("/proc") : []) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrEmpty(`/proc/${entry}/stat`);
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (parent === pid) children.push(Number(entry), ...childrenOf(Number(entry)));
  }
  return children;
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
