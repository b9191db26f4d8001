/**
 * Ports for the servers and proxies a spec starts besides the e2e server: E2E_PORT + offset
 * (1–19), so that checkouts running e2e side by side with their own E2E_PORT do not collide.
 */
export function extraPort(offset: number): number {
  if (!Number.isInteger(offset) || offset < 1 || offset > 19)
    throw new Error(`port offset ${offset}: expected 1–19`);
  return Number(process.env.E2E_PORT ?? 3100) + offset;
}
