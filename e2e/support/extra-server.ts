import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";

export interface ExtraServer {
  url: string;
  /** The server process's id (it changes when restarted). */
  readonly pid: number;
  stop(): Promise<void>;
  /** Kills the process with SIGKILL, as a crash would: no shutdown, nothing flushed. */
  kill(): Promise<void>;
  /** Starts it again on the same port and configuration, and waits until it answers. */
  restart(): Promise<void>;
}

interface ExtraServerOptions {
  /** More environment for the server (SWITCHYARD_INSTANCE, …). */
  env?: Record<string, string>;
}

/**
 * A second production server on the e2e demo's databases, with changes to its configuration
 * (for behaviour the main e2e server must not have, such as proxy sign-on).
 */
export async function startExtraServer(
  port: number,
  change: (config: Record<string, unknown>) => void,
  options: ExtraServerOptions = {},
): Promise<ExtraServer> {
  const base = parse(fs.readFileSync(path.resolve(".switchyard/e2e/switchyard.yaml"), "utf8"));
  change(base);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-extra-"));
  const file = path.join(dir, "switchyard.yaml");
  fs.writeFileSync(file, stringify(base));
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess = await launch(file, port, url, options);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const waitForExit = () => new Promise((resolve) => child.once("exit", resolve));
  return {
    url,
    get pid() {
      return child.pid ?? 0;
    },
    stop: async () => {
      if (!exited()) {
        const exit = waitForExit();
        child.kill("SIGTERM");
        await exit;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
    kill: async () => {
      if (exited()) return;
      const exit = waitForExit();
      child.kill("SIGKILL");
      await exit;
    },
    restart: async () => {
      if (!exited()) throw new Error("the extra server is still running");
      child = await launch(file, port, url, options);
    },
  };
}

async function launch(
  file: string,
  port: number,
  url: string,
  options: ExtraServerOptions,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    env: {
      ...process.env,
      ...options.env,
      SWITCHYARD_CONFIG: file,
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: "ignore",
  });
  for (let waited = 0; ; waited += 200) {
    if (child.exitCode !== null) throw new Error(`the extra server exited with ${child.exitCode}`);
    if (waited > 30_000) {
      // Never leave a half-started server behind (it would hold the port for the next run).
      child.kill("SIGKILL");
      throw new Error(`the extra server did not start on port ${port}`);
    }
    const up = await fetch(`${url}/api/health`).then(
      () => true,
      () => false,
    );
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
