import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";

/**
 * The 1-based line of a key path in the YAML text: the value there, or with `atKey` the key
 * itself (for "unknown key"); for a path that is not in the text (a missing key), the line of its
 * nearest enclosing value. null for the document as a whole.
 */
export function lineOf(
  document: Document,
  lines: LineCounter,
  path: readonly PropertyKey[],
  atKey = false,
): number | null {
  let node: unknown = document.contents;
  let found: Node | null = null;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      if (last && atKey && isScalar(pair.key)) {
        found = pair.key;
        break;
      }
      node = pair.value;
      if (isScalar(pair.value) || isMap(pair.value) || isSeq(pair.value)) found = pair.value;
      else if (isScalar(pair.key)) found = pair.key;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (!isScalar(item) && !isMap(item) && !isSeq(item)) break;
      node = item;
      found = item;
    } else {
      break;
    }
  }
  const start = found?.range?.[0];
  return start === undefined ? null : lines.linePos(start).line;
}
