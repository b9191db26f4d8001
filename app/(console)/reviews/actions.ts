"use server";

import { defineAction } from "@/db/actions/define-action";
import {
  APPLY_REVIEW,
  CANCEL_REVIEW,
  DECIDE_REVIEW,
  REQUEST_REVIEW,
} from "@/db/actions/migration-review-specs";

export const requestReviewAction = defineAction(REQUEST_REVIEW);

export const decideReviewAction = defineAction(DECIDE_REVIEW);

export const applyReviewAction = defineAction(APPLY_REVIEW);

export const cancelReviewAction = defineAction(CANCEL_REVIEW);
