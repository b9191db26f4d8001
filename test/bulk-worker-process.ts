/**
 * A bulk worker in its own process, for the crash test: it works off operations slowly until the
 * test kills it with SIGKILL. Env: HOME_URL, TARGET_URL, WORKER_ID.
 */
import { workUntilIdle } from "../db/bulk/work-once";
import { connectHome } from "../db/connect-home";
import { discoverSystems } from "../db/systems/discover";
import { connectPostgres } from "../db/targets/connect";
import { testTarget } from "./target-config";

const home = connectHome(process.env.HOME_URL ?? "", 2);
const connection = connectPostgres(process.env.TARGET_URL ?? "", {
  statementTimeoutMs: 10_000,
  poolSize: 2,
});
const systems = await discoverSystems(
  testTarget({ url: process.env.TARGET_URL ?? "" }),
  connection,
);
const source = systems.instances[0]?.sources[0];
const action = source?.actions?.supported.find((candidate) => candidate.code === "retry");
if (!source || !action) throw new Error("nothing to run");

const worker = { id: process.env.WORKER_ID ?? "doomed", leaseSeconds: 2 };
await workUntilIdle(home.db, worker, async () => ({ connection, source, action }));
