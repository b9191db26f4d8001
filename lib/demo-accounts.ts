import type { Role } from "./auth/roles";

/**
 * The accounts `npm run demo` creates. The sign-in page shows them only when the server runs as
 * the demo (SWITCHYARD_DEMO=1); a real deployment never has them.
 */
export const DEMO_ACCOUNTS: readonly { name: string; password: string; role: Role }[] = [
  { name: "admin", password: "admin-demo-password", role: "admin" },
  { name: "admin2", password: "admin2-demo-password", role: "admin" },
  { name: "operator", password: "operator-demo-password", role: "operator" },
  { name: "viewer", password: "viewer-demo-password", role: "viewer" },
];

export const DEMO_TOKEN_NAME = "demo viewer";
