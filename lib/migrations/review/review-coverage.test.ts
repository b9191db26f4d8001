import { describe, expect, it } from "vitest";
import type { Migration, MigrationState } from "../model";
import { reviewCoverage } from "./review-coverage";

const migration = (id: string, state: MigrationState, down: string | null = "drop"): Migration =>
  ({ id, state, file: { downSql: down, meta: { language: "sql" } } }) as unknown as Migration;

const history = [
  migration("001", "applied"),
  migration("002", "applied", null),
  migration("003", "applied"),
  migration("004", "appears_applied"),
  migration("0045", "out_of_order"),
  migration("005", "pending"),
];

const ids = (coverage: ReturnType<typeof reviewCoverage>) =>
  coverage.ok ? coverage.migrations.map((m) => m.id) : coverage.reason;

describe("reviewCoverage", () => {
  it("refuses a JavaScript migration (knex, node-pg-migrate .js): it is not SQL", () => {
    const js = {
      id: "20250101_seed",
      state: "pending",
      file: { downSql: null, meta: { language: "js" } },
    };
    expect(ids(reviewCoverage([js as unknown as Migration], "apply", "20250101_seed"))).toMatch(
      /JavaScript migration: Switchyard runs SQL only/,
    );
  });

  it("applies every not-yet-applied migration up to the chosen one, in order", () => {
    expect(ids(reviewCoverage(history, "apply", "004"))).toEqual(["004"]);
    expect(ids(reviewCoverage(history, "apply", "005"))).toEqual(["004", "0045", "005"]);
  });

  it("refuses to apply what is already applied", () => {
    expect(ids(reviewCoverage(history, "apply", "001"))).toMatch(/not pending/);
  });

  it("rolls back from the newest applied down to the chosen one", () => {
    expect(ids(reviewCoverage(history, "rollback", "003"))).toEqual(["003"]);
  });

  it("refuses a rollback that crosses a migration without a DOWN part", () => {
    expect(ids(reviewCoverage(history, "rollback", "001"))).toMatch(/002 has no DOWN part/);
    expect(ids(reviewCoverage(history, "rollback", "005"))).toMatch(/not applied/);
  });
});
