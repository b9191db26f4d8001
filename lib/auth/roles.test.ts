import { describe, expect, it } from "vitest";
import { addressMatcher, clientAddress } from "./client-address";
import { hasRole, roleForProxyIdentity } from "./roles";

describe("roles", () => {
  it("orders viewer ⊂ operator ⊂ admin", () => {
    expect(hasRole("admin", "operator")).toBe(true);
    expect(hasRole("operator", "operator")).toBe(true);
    expect(hasRole("viewer", "operator")).toBe(false);
  });

  it("maps a proxy identity to the highest matching role, or none", () => {
    const rules = {
      admin: ["group:platform-admins", "email:alice@example.com"],
      operator: ["group:oncall"],
      viewer: ["group:engineering"],
    };
    const who = (user: string, email: string | null, groups: string[]) => ({ user, email, groups });
    expect(roleForProxyIdentity(rules, who("bob", null, ["engineering", "oncall"]))).toBe(
      "operator",
    );
    expect(roleForProxyIdentity(rules, who("alice", "Alice@Example.com", []))).toBe("admin");
    expect(roleForProxyIdentity(rules, who("eve", "eve@example.com", ["sales"]))).toBeNull();
    expect(roleForProxyIdentity({ ...rules, viewer: ["*"] }, who("eve", null, []))).toBe("viewer");
  });
});

describe("clientAddress", () => {
  const trusted = addressMatcher(["10.0.0.0/8", "::1"]);

  it("uses the socket peer when it is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", trusted)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", null, trusted)).toBe("203.0.113.9");
  });

  it("behind trusted proxies, takes the right-most untrusted hop", () => {
    expect(clientAddress("10.0.0.5", "6.6.6.6, 198.51.100.7, 10.0.0.9", trusted)).toBe(
      "198.51.100.7",
    );
    expect(clientAddress("::1", "10.1.1.1", trusted)).toBe("::1");
    expect(clientAddress("10.0.0.5", "not-an-ip", trusted)).toBe("10.0.0.5");
  });
});
