"use server";

import { defineAction } from "@/db/actions/define-action";
import { REVEAL_ROW } from "@/db/tables/reveal-spec";

export const revealRowAction = defineAction(REVEAL_ROW);
