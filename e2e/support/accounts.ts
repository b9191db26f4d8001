import fs from "node:fs";
import path from "node:path";

/** Where the setup project leaves each demo account's signed-in browser state. */
export function signedInAs(account: "admin" | "admin2" | "operator" | "viewer"): string {
  return path.resolve("test-results", "auth", `${account}.json`);
}

/** The viewer API token the e2e demo wrote for scripts. */
export function viewerToken(): string {
  return fs.readFileSync(path.resolve(".switchyard", "e2e", "viewer-token"), "utf8").trim();
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** The session cookie of a signed-in demo account, for requests made outside its browser. */
export function cookieOf(account: "admin" | "admin2" | "operator" | "viewer"): string {
  const state = JSON.parse(fs.readFileSync(signedInAs(account), "utf8")) as {
    cookies: { name: string; value: string }[];
  };
  const session = state.cookies.find((cookie) => cookie.name === "switchyard_session");
  if (!session) throw new Error(`no session cookie for ${account}`);
  return `switchyard_session=${session.value}`;
}
