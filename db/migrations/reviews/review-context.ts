import "server-only";
import type { HomeDatabase } from "@/db/connect-home";
import type { TargetConnection } from "@/db/targets/connect";
import type { MigrationSourceConfig } from "@/lib/config/migrations-schema";
import type { TargetConfig } from "@/lib/config/schema";
import { NotFoundError } from "@/lib/input-error";
import type { MigrationFile } from "@/lib/migrations/model";
import { migrationHash } from "@/lib/migrations/review/file-hash";
import { readSource } from "../sources/read-source";

/** Everything reviewing one source of one target needs; the app builds it from its registry. */
export interface ReviewContext {
  target: TargetConfig;
  source: MigrationSourceConfig;
  connection: TargetConnection;
  home: HomeDatabase;
}

export function findSource(target: TargetConfig, sourceId: string): MigrationSourceConfig {
  const source = target.migrations.find((candidate) => candidate.id === sourceId);
  if (!source) {
    throw new NotFoundError(
      "source",
      sourceId,
      `no migration source "${sourceId}" on "${target.id}"`,
    );
  }
  return source;
}

/** The source's migrations as they are on disk now. */
export function filesOnDisk(source: MigrationSourceConfig): MigrationFile[] {
  return readSource({
    folder: source.folder,
    layout: source.layout,
    schema: source.schema,
    subfolders: source.subfolders,
    sequenceInVersion: source.sequenceInVersion,
  }).files;
}

/** Each migration's hash on disk now, to tell whether an approval still holds. */
export function hashesOnDisk(files: readonly MigrationFile[]): Map<string, string> {
  return new Map(files.map((file) => [file.id, migrationHash(file)]));
}
