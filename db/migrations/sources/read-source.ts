import "server-only";
import fs from "node:fs";
import type { SourceRead } from "@/lib/migrations/model";
import { FLAT_LAYOUTS } from "./flat-layouts";
import { readDrizzleSource } from "./read-drizzle";
import { readFlatSource } from "./read-flat";
import { readPrismaSource } from "./read-prisma";
import type { SourceOptions } from "./source-options";

/**
 * Reads a migration folder in its layout. A missing or unreadable folder, an unreadable file or
 * one that is not UTF-8 is a finding on this source, never an exception: the other sources and
 * targets on the page are unaffected.
 */
export function readSource(options: SourceOptions): SourceRead {
  try {
    return readLayout(options);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return {
      files: [],
      findings: [
        {
          code: "folder_unreadable",
          severity: "error",
          provenance: "computed",
          message: `the folder ${options.folder} cannot be read (${reason})`,
        },
      ],
    };
  }
}

function readLayout(options: SourceOptions): SourceRead {
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
