/** `-- UP` / `-- DOWN` markers, with optional words after them ("-- UP Migration", "-- DOWN Migration (Rollback)"). */
const UP_MARKER = /^--\s*UP\b.*$/im;
const DOWN_MARKER = /^--\s*DOWN\b.*$/im;

export interface Sections {
  up: string;
  /** The DOWN part as written, or null when the file has none. */
  down: string | null;
  /** The DOWN part with the leading `-- ` of every line removed, when every line is commented out. */
  downUncommented: string | null;
  hasMarkers: boolean;
}

/**
 * Splits a one-file migration into its UP and DOWN parts (the maintenance agent's and the
 * orchestrator's templates). Text before `-- UP` (a header of comments) belongs to neither.
 */
export function splitSections(text: string): Sections {
  const up = UP_MARKER.exec(text);
  const down = DOWN_MARKER.exec(text);
  if (!up && !down) return { up: text, down: null, downUncommented: null, hasMarkers: false };
  const upStart = up ? up.index + up[0].length : 0;
  const downStart = down && down.index >= upStart ? down.index : -1;
  const upText = downStart >= 0 ? text.slice(upStart, downStart) : text.slice(upStart);
  const downText = downStart >= 0 && down ? text.slice(downStart + down[0].length) : null;
  return {
    up: trimBlankLines(upText),
    down: downText === null ? null : trimBlankLines(downText),
    downUncommented: downText === null ? null : uncomment(trimBlankLines(downText)),
    hasMarkers: true,
  };
}

function trimBlankLines(text: string): string {
  return text.replace(/^\s*\n/, "").replace(/\s+$/, "");
}

/** Every non-blank line starts with `--`: the statements with the comment markers removed. */
function uncomment(text: string): string | null {
  const lines = text.split("\n");
  const code = lines.filter((line) => line.trim() !== "");
  if (code.length === 0 || !code.every((line) => line.trimStart().startsWith("--"))) return null;
  const statements = lines.map((line) => line.replace(/^\s*--\s?/, ""));
  return statements.join("\n").trim() || null;
}

/** The file up to its `-- DOWN` marker, unchanged, so that lines and columns stay the file's. */
export function beforeDown(text: string): string {
  const down = DOWN_MARKER.exec(text);
  return down ? text.slice(0, down.index) : text;
}
