import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve(import.meta.dirname, "../app");

function filesNamed(dir: string, pattern: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(full, pattern);
    return pattern.test(entry.name) ? [full] : [];
  });
}

const relative = (file: string) => path.relative(APP, file);
const read = (file: string) => fs.readFileSync(file, "utf8");

/** Public by design: the health probe and the sign-in page itself. */
const PUBLIC_READS = ["api/health/route.ts", "sign-in/page.tsx"];

describe("every way into the server goes through its guard", () => {
  it("server actions live only in actions.ts files, each made with defineAction", () => {
    const useServer = filesNamed(APP, /\.(ts|tsx)$/).filter((file) =>
      /^\s*["']use server["']/m.test(read(file)),
    );
    expect(useServer.map(relative).every((file) => file.endsWith("actions.ts"))).toBe(true);
    expect(useServer.length).toBeGreaterThan(0);
    for (const file of useServer) {
      const source = read(file);
      const exported = [...source.matchAll(/^export\s+(?!type\b|interface\b)(.*)$/gm)].map(
        (match) => match[1] ?? "",
      );
      expect(exported.length, relative(file)).toBeGreaterThan(0);
      for (const declaration of exported) {
        expect(declaration, `${relative(file)}: ${declaration}`).toMatch(
          /^const \w+ = defineAction\(/,
        );
      }
    }
  });

  it("mutating route handlers are made with defineMutationRoute, reads with defineReadRoute", () => {
    for (const file of filesNamed(APP, /^route\.ts$/)) {
      const source = read(file);
      const handlers = [
        ...source.matchAll(
          /^export\s+(?:async\s+)?(?:function|const)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b(.*)$/gm,
        ),
      ];
      for (const [, method, rest] of handlers) {
        if (PUBLIC_READS.includes(relative(file))) continue;
        const expected =
          method === "GET" || method === "HEAD" ? "defineReadRoute" : "defineMutationRoute";
        expect(`${method}${rest}`, relative(file)).toMatch(
          new RegExp(`^${method} = ${expected}\\(`),
        );
      }
    }
  });

  it("every page checks the caller's role before reading anything", () => {
    for (const file of filesNamed(APP, /^page\.tsx$/)) {
      if (PUBLIC_READS.includes(relative(file))) continue;
      expect(read(file), relative(file)).toMatch(
        /await requirePageRole\("(viewer|operator|admin)"\)/,
      );
    }
  });
});
