import { type SQL, sql } from "drizzle-orm";
import type { KeyValue } from "@/lib/tables/row-cursor";

/** One ORDER BY term of a keyset: its expression, direction, and whether it can be NULL. */
export interface OrderTerm {
  expr: SQL;
  desc: boolean;
  nullable: boolean;
  /** How a cursor value is cast back for comparison (`::tid` for ctid). */
  cast?: (value: SQL) => SQL;
}

const param = (term: OrderTerm, value: KeyValue) =>
  term.cast ? term.cast(sql`${value}`) : sql`${value}`;

/**
 * ORDER BY for the terms, reversed when reading backwards. NULLs sort last ascending and first
 * descending (the same total order both engines agree on), so reversing flips both.
 */
export function orderBy(terms: readonly OrderTerm[], backwards: boolean): SQL {
  return sql.join(
    terms.map((term) => {
      const desc = term.desc !== backwards;
      return term.nullable
        ? sql`(${term.expr} is null) ${desc ? sql`desc` : sql`asc`}, ${term.expr} ${desc ? sql`desc` : sql`asc`}`
        : sql`${term.expr} ${desc ? sql`desc` : sql`asc`}`;
    }),
    sql`, `,
  );
}

/**
 * Rows strictly after (or, backwards, before) the cursor values in the order of `terms`.
 * All-NOT-NULL keys in one direction use a row comparison an index can serve; otherwise the
 * condition is the expanded OR of "equal so far and beyond on this term".
 */
export function beyond(
  terms: readonly OrderTerm[],
  values: readonly KeyValue[],
  backwards: boolean,
): SQL {
  const simple =
    terms.every((term) => !term.nullable) && terms.every((term) => term.desc === terms[0]?.desc);
  if (simple && values.every((value) => value !== null)) {
    const forward = (terms[0]?.desc ?? false) === backwards;
    const left = sql.join(
      terms.map((term) => term.expr),
      sql`, `,
    );
    const right = sql.join(
      terms.map((term, index) => param(term, values[index] ?? null)),
      sql`, `,
    );
    return forward ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
  }
  const branches: SQL[] = [];
  terms.forEach((term, index) => {
    const equalSoFar = terms.slice(0, index).map((prior, i) => equal(prior, values[i] ?? null));
    const past = strictlyBeyond(term, values[index] ?? null, term.desc !== backwards);
    if (past) branches.push(sql.join([...equalSoFar, past], sql` and `));
  });
  return branches.length === 0 ? sql`false` : sql`(${sql.join(branches, sql` or `)})`;
}

function equal(term: OrderTerm, value: KeyValue): SQL {
  return value === null ? sql`${term.expr} is null` : sql`${term.expr} = ${param(term, value)}`;
}

/** Ascending order puts NULLs last; descending puts them first. */
function strictlyBeyond(term: OrderTerm, value: KeyValue, desc: boolean): SQL | null {
  if (value === null) {
    // Ascending: nothing sorts after NULL. Descending: every non-NULL does.
    return desc ? sql`${term.expr} is not null` : null;
  }
  const compare = desc
    ? sql`${term.expr} < ${param(term, value)}`
    : sql`${term.expr} > ${param(term, value)}`;
  return term.nullable && !desc ? sql`(${compare} or ${term.expr} is null)` : compare;
}

/** The row whose key terms equal these values. */
export function keyEquals(terms: readonly OrderTerm[], values: readonly KeyValue[]): SQL {
  return sql.join(
    terms.map((term, index) => equal(term, values[index] ?? null)),
    sql` and `,
  );
}
