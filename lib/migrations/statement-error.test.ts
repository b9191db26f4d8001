import { describe, expect, it } from "vitest";
import { positionInFile } from "./statement-error";

describe("an error position inside a statement, in the file", () => {
  const statement = { text: "update jobs\n   set priority = retries + 1", line: 4, column: 3 };

  it("adds the offset to the statement's column on its first line", () => {
    expect(positionInFile(statement, 1)).toEqual({ line: 4, column: 3 });
    expect(positionInFile(statement, 8)).toEqual({ line: 4, column: 10 });
  });

  it("counts lines and restarts columns after a newline", () => {
    expect(positionInFile(statement, 13)).toEqual({ line: 5, column: 1 });
    expect(positionInFile(statement, 31)).toEqual({ line: 5, column: 19 });
  });

  it("stays inside the statement when the position is out of range", () => {
    expect(positionInFile(statement, 0)).toEqual({ line: 4, column: 3 });
    expect(positionInFile(statement, 999)).toEqual({ line: 5, column: 30 });
  });
});
