import http from "node:http";
import next from "next";
import { startUp } from "../db/start-up";

/**
 * `npm start`: the production server. A thin wrapper around Next.js whose one job is to tell the
 * app who is really on the other end of the socket: it overwrites x-switchyard-peer (and -proto)
 * on every request, so a client cannot claim another address with a header of its own.
 */
const port = Number(process.env.PORT ?? 3000);

// Refuse a bad configuration and migrate the home schema before accepting any request.
await startUp();
const app = next({ dev: false, dir: process.cwd(), port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((request, response) => {
  const socket = request.socket as typeof request.socket & { encrypted?: boolean };
  request.headers["x-switchyard-peer"] = socket.remoteAddress ?? "";
  request.headers["x-switchyard-proto"] = socket.encrypted ? "https" : "http";
  void handle(request, response);
});

server.listen(port, () => {
  console.log(`switchyard: serving on http://localhost:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    // Idle keep-alive connections would hold close() open; give in-flight requests 5 s.
    setTimeout(() => process.exit(0), 5_000).unref();
    server.closeIdleConnections();
  });
}
