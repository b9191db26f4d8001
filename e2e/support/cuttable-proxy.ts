import net from "node:net";

export interface CuttableProxy {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  port: number;
  /** Drops every connection and refuses new ones, as a stopped server would. */
  cut(): Promise<void>;
  /** Accepts connections again. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a database, which a test can cut and restore to make it go away. Port 0
 * takes a free port, kept across restores.
 */
export async function startCuttableProxy(
  requestedPort: number,
  upstream: { host: string; port: number },
): Promise<CuttableProxy> {
  let port = requestedPort;
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = net.createServer((client) => {
        const target = net.connect(upstream.port, upstream.host);
        for (const socket of [client, target]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => {
            client.destroy();
            target.destroy();
          });
        }
        client.pipe(target).pipe(client);
      });
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => {
        server = next;
        const address = next.address();
        if (address && typeof address === "object") port = address.port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });
  await listen();
  return { port, cut: stop, restore: listen, close: stop };
}
