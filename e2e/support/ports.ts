/**
 * A port for a server or proxy a spec starts beside the e2e server: E2E_PORT plus an offset (1–19),
 * so checkouts running e2e side by side on different E2E_PORTs never collide.
 */
export function extraPort(offset: number): number {
  if (!Number.isInteger(offset) || offset < 1 || offset > 19) {
    throw new Error(`extra port offsets are 1–19, not ${offset}`);
  }
  return Number(process.env.E2E_PORT ?? 3100) + offset;
}
