import type { z } from "zod";

/** Words for the JSON types zod reports, as an operator editing YAML would say them. */
function describeValue(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  switch (typeof input) {
    case "string":
      return `"${input.length > 40 ? `${input.slice(0, 40)}…` : input}"`;
    case "number":
    case "boolean":
      return String(input);
    case "object":
      return "a mapping";
    default:
      return typeof input;
  }
}

const ARTICLE: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
};

/** Error map for config parsing: short, specific reasons instead of zod's generic sentences. */
export const describeConfigIssue: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return "is required";
    const expected = ARTICLE[issue.expected] ?? issue.expected;
    return `expected ${expected}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === "too_small" && issue.origin === "number") {
    return `expected a number of at least ${issue.minimum}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === "too_big" && issue.origin === "number") {
    return `expected a number of at most ${issue.maximum}, got ${describeValue(issue.input)}`;
  }
  return undefined;
};
