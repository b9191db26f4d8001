import type { Layout } from "@/lib/migrations/model";

/** What a source reader needs: the resolved config of one `migrations:` entry. */
export interface SourceOptions {
  folder: string;
  layout: Layout;
  /** Replaces `{schema}` in the SQL shown and checked (the scheduler's placeholder). */
  schema?: string;
  /** Subfolder → when it loads: after the top-level files, or never. Others are reported. */
  subfolders: Record<string, "after" | "never">;
  /** sqlx: `20250115_001_x.sql` is version 20250115001 (date and sequence joined). */
  sequenceInVersion: boolean;
}
