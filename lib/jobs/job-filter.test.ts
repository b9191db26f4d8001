import { describe, expect, it } from "vitest";
import { parseJobListParams } from "./job-filter";

const parse = (query: string) => parseJobListParams(new URLSearchParams(query));

describe("parseJobListParams", () => {
  it("reads filters, cursor and limit", () => {
    const cursor = "eyJjIjoiMjAyNiJ9.signed";
    const result = parse(
      `state=failed&rawState=expired&type=ocr&from=2026-01-01&id=x&limit=20&cursor=${cursor}`,
    );
    expect(result).toEqual({
      ok: true,
      query: {
        filter: {
          state: "failed",
          rawState: "expired",
          type: "ocr",
          createdFrom: new Date("2026-01-01"),
          id: "x",
        },
        cursor,
        limit: 20,
      },
    });
  });

  it("treats empty values as absent and defaults the page size", () => {
    expect(parse("state=&rawState=&limit=")).toEqual({
      ok: true,
      query: { filter: {}, cursor: null, limit: 50 },
    });
  });

  it("names the bad parameter", () => {
    expect(parse("state=stuck")).toMatchObject({ ok: false, parameter: "state" });
    expect(parse("limit=-5")).toMatchObject({ ok: false, parameter: "limit" });
    expect(parse("limit=ten")).toMatchObject({ ok: false, parameter: "limit" });
    expect(parse("limit=100000")).toMatchObject({ ok: false, parameter: "limit" });
    expect(parse("from=yesterday")).toMatchObject({ ok: false, parameter: "from" });
  });

  it("passes the cursor on as given: the queue's list verifies its signature", () => {
    expect(parse("cursor=")).toMatchObject({ ok: true, query: { cursor: null } });
    expect(parse("cursor=abc.def")).toMatchObject({ ok: true, query: { cursor: "abc.def" } });
  });
});
