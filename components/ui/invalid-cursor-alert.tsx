import Link from "next/link";
import { INVALID_CURSOR_MESSAGE } from "@/lib/cursor";
import { Alert } from "./alert";

interface InvalidCursorAlertProps {
  /** The list without the cursor. */
  firstHref: string;
}

/** A page link whose cursor does not verify: say so, and offer the list from its start. */
export function InvalidCursorAlert({ firstHref }: InvalidCursorAlertProps) {
  return (
    <Alert tone="warning" title="This page link is not valid">
      {INVALID_CURSOR_MESSAGE}{" "}
      <Link href={firstHref} className="font-medium underline">
        Go to the first page
      </Link>
    </Alert>
  );
}
