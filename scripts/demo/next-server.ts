import { type ChildProcess, spawn } from "node:child_process";

export interface NextServer {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the production server as `npm start` does; stop() waits for it to exit (SIGKILL after 5 s). */
export function startNextServer(
  root: string,
  port: number,
  env: Record<string, string>,
): NextServer {
  // As `npm start` runs it: a bounded heap makes V8 collect garbage instead of growing to
  // hundreds of MB under load (npm run bench at 10M jobs: 636 MB peak without a bound).
  const child = spawn(
    process.execPath,
    ["--max-old-space-size=256", "--import", "tsx", "scripts/serve.ts"],
    {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  return { child, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Polls /api/health until the server answers (any status); fails if the server exits first. */
export async function waitUntilServing(server: NextServer, port: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) {
      throw new Error(`the server exited (code ${server.child.exitCode}) before serving`);
    }
    try {
      await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(10_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`the server did not answer on port ${port} within ${timeoutMs / 1000} s`);
}
