import { describe, expect, it } from "vitest";
import { csvLine } from "./to-csv";

describe("csvLine", () => {
  it("quotes what needs quoting and serialises objects and dates", () => {
    expect(
      csvLine(["a", 'say "hi"', "x,y", null, 3, { ids: [1, 2] }, new Date("2026-01-01T00:00:00Z")]),
    ).toBe('a,"say ""hi""","x,y",,3,"{""ids"":[1,2]}",2026-01-01T00:00:00.000Z\r\n');
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(csvLine(['=HYPERLINK("x")', "-2+3", "@SUM(A1)", "plain"])).toBe(
      '"\'=HYPERLINK(""x"")",\'-2+3,\'@SUM(A1),plain\r\n',
    );
  });
});
