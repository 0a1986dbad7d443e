// Cuts what a probe reports about a check down to what web keeps: a few KB of body, and facts that
// fit PROBE_LIMITS.maxFactsBytes once serialized. Conditions were judged on the full facts before.
import { PROBE_LIMITS } from '../domain/monitoring/probe-protocol.js';

/** Enough of a body to see what a failing page said; conditions read up to 1 MiB before this. */
export const FACTS_BODY_BYTES = 4_096;

/**
 * Facts within `maxBytes` serialized: the body is cut to FACTS_BODY_BYTES first; if that is not
 * enough, headers go, then the body, and as a last resort only the scalar facts stay.
 */
export function boundedFacts(
  facts: Record<string, unknown>,
  maxBytes: number = PROBE_LIMITS.maxFactsBytes,
): Record<string, unknown> {
  const bounded: Record<string, unknown> = { ...facts };
  if (typeof bounded.body === 'string') {
    const cut = cutUtf8(bounded.body, FACTS_BODY_BYTES);
    if (cut !== bounded.body) {
      bounded.body = cut;
      bounded.body_truncated = true;
    }
  }
  if (fits(bounded, maxBytes)) return bounded;
  if ('headers' in bounded) {
    delete bounded.headers;
    bounded.headers_dropped = true;
    if (fits(bounded, maxBytes)) return bounded;
  }
  if ('body' in bounded) {
    delete bounded.body;
    bounded.body_truncated = true;
    if (fits(bounded, maxBytes)) return bounded;
  }
  const scalars: Record<string, unknown> = { facts_truncated: true };
  for (const [key, value] of Object.entries(bounded)) {
    if (value === null || ['number', 'boolean'].includes(typeof value)) scalars[key] = value;
  }
  return scalars;
}

/** The longest prefix of `text` whose UTF-8 encoding has at most `maxBytes`, never half a character. */
export function cutUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the character that was split.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** Text cut to `maxLength` characters (UTF-16 units, as web counts them), marked with an ellipsis. */
export function cutText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = maxLength - 1;
  // Do not leave a lone high surrogate.
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
  return `${text.slice(0, end)}…`;
}

function fits(value: unknown, maxBytes: number): boolean {
  return Buffer.byteLength(JSON.stringify(value), 'utf8') <= maxBytes;
}
