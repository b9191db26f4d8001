import "server-only";
import fs from "node:fs";
import type { SourceRead } from "@/lib/migrations/model";
import { FLAT_LAYOUTS } from "./flat-layouts";
import { readDrizzleSource } from "./read-drizzle";
import { readFlatSource } from "./read-flat";
import { readPrismaSource } from "./read-prisma";
import type { SourceOptions } from "./source-options";

/** Reads a migration folder in its layout. A missing folder is a finding, not an exception. */
export function readSource(options: SourceOptions): SourceRead {
  if (!fs.existsSync(options.folder) || !fs.statSync(options.folder).isDirectory()) {
    return {
      files: [],
      findings: [
        {
          code: "folder_missing",
          severity: "error",
          provenance: "computed",
          message: `the folder ${options.folder} does not exist`,
        },
      ],
    };
  }
  if (options.layout === "drizzle") return readDrizzleSource(options);
  if (options.layout === "prisma") return readPrismaSource(options);
  const flat = FLAT_LAYOUTS[options.layout];
  if (!flat) throw new Error(`no reader for layout ${options.layout}`);
  return readFlatSource(flat, options);
}
