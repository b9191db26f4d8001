/** The e2e server's address: playwright.config.ts starts it on E2E_PORT (default 3100). */
export const E2E_BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
