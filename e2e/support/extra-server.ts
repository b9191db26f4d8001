import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";

export interface ExtraServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * A second production server on the e2e demo's databases, with changes to its configuration
 * (for behaviour the main e2e server must not have, such as proxy sign-on).
 */
export async function startExtraServer(
  port: number,
  change: (config: Record<string, unknown>) => void,
) {
  const base = parse(fs.readFileSync(path.resolve(".switchyard/e2e/switchyard.yaml"), "utf8"));
  change(base);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-extra-"));
  const file = path.join(dir, "switchyard.yaml");
  fs.writeFileSync(file, stringify(base));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    env: {
      ...process.env,
      SWITCHYARD_CONFIG: file,
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
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
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  } satisfies ExtraServer;
}
