import { Alert } from "@/components/ui/alert";
import type { MissingValues, RequiredRole } from "@/db/jobs/missing-values";
import { type CountAccuracy, formatCount } from "@/lib/format";

interface MissingValuesAlertProps {
  missing: MissingValues;
}

const ACCURACY: Record<MissingValues["how"], CountAccuracy> = {
  exact: "exact",
  at_least: "lower-bound",
  estimate: "estimate",
};

/** What happens to a row that lacks each required value, in the console. */
const CONSEQUENCE: Record<RequiredRole, (column: string) => string> = {
  id: (column) =>
    `no id (NULL in ${column}): left out of the list below and of stuck lists and bulk actions, since they cannot be opened, paged past or acted on`,
  state: (column) => `no state (NULL in ${column}): counted and listed as unknown`,
  createdAt: (column) =>
    `no creation time (NULL in ${column}): listed last, without an age, and outside any time filter`,
};

/** The queue's rows that do not fit the job model, said on the queue's own page, never hidden. */
export function MissingValuesAlert({ missing }: MissingValuesAlertProps) {
  if (missing.columns.length === 0) return null;
  const accuracy = ACCURACY[missing.how];
  return (
    <div className="mt-4">
      <Alert tone="warning" title="Some jobs lack a value every job should have">
        <ul className="list-disc pl-5">
          {missing.columns.map(({ role, column, count }) => (
            <li key={role}>
              {formatCount(count, accuracy)} {count === 1 ? "job has" : "jobs have"}{" "}
              {CONSEQUENCE[role](column)}.
            </li>
          ))}
        </ul>
        {missing.how === "estimate" ? (
          <p className="mt-1 text-xs">
            Estimated for the whole table from the planner's statistics: it is too large to count.
          </p>
        ) : null}
      </Alert>
    </div>
  );
}
