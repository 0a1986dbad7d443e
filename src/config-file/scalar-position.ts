// Where the Nth character of a string value is in the file, so that an error inside the string (a
// condition's column) points at the exact spot, past quotes and escapes.
import { isScalar, Scalar, type Node } from 'yaml';

/**
 * Offset in the file of the character at 1-based `column` (in code points) of the node's string
 * value; the offset of the node itself when its value spans several lines or is a block scalar,
 * where characters of the value no longer map one to one onto a line of the file.
 */
export function offsetInScalar(text: string, node: Node, column: number): number {
  const [start = 0, end = start] = node.range ?? [];
  if (!isScalar(node)) return start;
  const raw = text.slice(start, end);
  if (raw.includes('\n')) return start;
  switch (node.type) {
    case Scalar.PLAIN:
      return start + skip(raw, 0, column - 1, () => 0);
    case Scalar.QUOTE_SINGLE:
      // '' stands for one quote.
      return start + skip(raw, 1, column - 1, (at) => (raw.startsWith("''", at) ? 2 : 0));
    case Scalar.QUOTE_DOUBLE:
      return start + skip(raw, 1, column - 1, (at) => escapeLength(raw, at));
    default:
      return start;
  }
}

/** Steps over `count` characters of the value from `from`; `special` gives a raw length or 0. */
function skip(raw: string, from: number, count: number, special: (at: number) => number): number {
  let at = from;
  for (let i = 0; i < count && at < raw.length; i += 1) {
    const length = special(at);
    at += length > 0 ? length : (raw.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
  }
  return at;
}

/** Length in the file of a double-quoted escape starting at `at` (0 when there is none). */
function escapeLength(raw: string, at: number): number {
  if (raw[at] !== '\\') return 0;
  const kind = raw[at + 1];
  if (kind === 'x') return 4;
  if (kind === 'u') return 6;
  if (kind === 'U') return 10;
  return 2;
}
