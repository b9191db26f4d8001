import { describe, expect, it } from "vitest";
import { signer } from "../signed";
import { signPass, verifyPass } from "./outage-pass";
import { sha256Hex } from "./secrets";

const keys = signer(Buffer.alloc(32, 3));
const session = sha256Hex("sys_session-of-olga");
const now = Date.UTC(2026, 10, 22, 3, 0, 0);
const pass = {
  operatorId: "6f1c",
  name: "olga",
  role: "operator" as const,
  expiresAt: now + 60_000,
};

describe("read-only passes", () => {
  it("verify for their own session until they expire", () => {
    const text = signPass(keys, session, pass);
    expect(verifyPass(keys, session, text, now)).toEqual(pass);
    expect(verifyPass(keys, session, text, now + 59_999)).toEqual(pass);
    expect(verifyPass(keys, session, text, now + 60_000)).toBeNull();
  });

  it("are worthless with another session, another key, or any change", () => {
    const text = signPass(keys, session, pass);
    expect(verifyPass(keys, sha256Hex("sys_someone-else"), text, now)).toBeNull();
    expect(verifyPass(signer(Buffer.alloc(32, 4)), session, text, now)).toBeNull();
    const [body = "", mac = ""] = text.split(".");
    const promoted = Buffer.from(
      JSON.stringify({ o: "6f1c", n: "olga", r: "admin", e: pass.expiresAt }),
    ).toString("base64url");
    expect(verifyPass(keys, session, `${promoted}.${mac}`, now)).toBeNull();
    expect(verifyPass(keys, session, `${body}.${mac.slice(0, -1)}A`, now)).toBeNull();
    expect(verifyPass(keys, session, "", now)).toBeNull();
  });

  it("refuse signed payloads that are not passes", () => {
    const scope = JSON.stringify(["outage-pass", session]);
    expect(
      verifyPass(keys, session, keys.sign(scope, { o: "x", n: "y", r: "root", e: now + 1 }), now),
    ).toBeNull();
  });
});
