"use server";

import { defineAction } from "@/db/actions/define-action";
import { ACT_ON_JOB, CANCEL_BULK, START_BULK } from "@/db/actions/job-action-specs";

export const actOnJobAction = defineAction(ACT_ON_JOB);

export const startBulkAction = defineAction(START_BULK);

export const cancelBulkAction = defineAction(CANCEL_BULK);
