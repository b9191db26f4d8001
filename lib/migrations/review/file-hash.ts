import { createHash } from "node:crypto";
import type { MigrationFile } from "../model";
import type { ReviewFile } from "./review-model";

/** SHA-256 of what a migration runs, both ways: a change to its UP or its DOWN part changes it. */
export function migrationHash(file: Pick<MigrationFile, "upSql" | "downSql">): string {
  return createHash("sha256")
    .update(file.upSql)
    .update("\0")
    .update(file.downSql ?? "")
    .digest("hex");
}

/** What an approval is bound to: every file's hash, in the order they run. */
export function contentHash(files: readonly Pick<ReviewFile, "migrationId" | "fileHash">[]) {
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${file.migrationId}\0${file.fileHash}\n`);
  return hash.digest("hex");
}
