/**
 * A port for a server or proxy a spec starts beside the e2e server: E2E_PORT plus an offset (1–19),
 * so checkouts running e2e side by side on different E2E_PORTs never collide. In use: 4 and 5
 * (home-outage), 7 (start-up), 8 (bad-files); `npm run test:faults` runs on its own and uses 1–5.
 * Offset 6 is left free: with E2E_PORT=3300 it would be 3306, MySQL's port, which some machines
 * here already use.
 */
export function extraPort(offset: number): number {
  if (!Number.isInteger(offset) || offset < 1 || offset > 19) {
    throw new Error(`extra port offsets are 1–19, not ${offset}`);
  }
  return Number(process.env.E2E_PORT ?? 3100) + offset;
}
