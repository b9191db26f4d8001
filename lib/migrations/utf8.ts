/** Where a byte sequence first stops being UTF-8, as an operator finds it in an editor. */
export interface Utf8Error {
  /** 0-based byte offset of the first byte that is not valid UTF-8. */
  offset: number;
  /** 1-based line, counting LF bytes before it. */
  line: number;
  /** 1-based byte column within that line. */
  column: number;
}

/** The first invalid UTF-8 sequence in `bytes`, or null when it is all valid UTF-8. */
export function invalidUtf8(bytes: Uint8Array): Utf8Error | null {
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes, index);
    if (length === 0) return positionOf(bytes, index);
    index += length;
  }
  return null;
}

/** Length of the valid sequence starting at `at`, or 0 (RFC 3629: no overlongs, no surrogates). */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const first = bytes[at] ?? 0;
  if (first < 0x80) return 1;
  const continuation = (offset: number, low = 0x80, high = 0xbf) => {
    const byte = bytes[at + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (first >= 0xc2 && first <= 0xdf) return continuation(1) ? 2 : 0;
  if (first >= 0xe0 && first <= 0xef) {
    const low = first === 0xe0 ? 0xa0 : 0x80;
    const high = first === 0xed ? 0x9f : 0xbf;
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (first >= 0xf0 && first <= 0xf4) {
    const low = first === 0xf0 ? 0x90 : 0x80;
    const high = first === 0xf4 ? 0x8f : 0xbf;
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

function positionOf(bytes: Uint8Array, offset: number): Utf8Error {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 0x0a) {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}
