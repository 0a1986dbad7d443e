// Durations as people write them in monitor settings ("10s", "1m30s", 1500), in milliseconds.
import { ValidationError } from '../errors.js';

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
/** Largest first, so formatting greedily gives the shortest spelling. */
const UNITS_DESCENDING: readonly Unit[] = ['d', 'h', 'm', 's', 'ms'];

// `ms` comes before `m` so the alternation does not read "500ms" as 500 minutes and a stray "s".
const PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/y;
const EXAMPLES = 'such as 500ms, 10s, 1m30s, 1h or a number of milliseconds';

/**
 * Reads a duration: a non-negative integer of milliseconds, or a string of one or more
 * number+unit parts (ms, s, m, h, d) such as "1m30s". Bare numbers in strings are refused
 * because "10" in a YAML file is as likely meant as seconds as milliseconds.
 */
export function parseDuration(value: unknown, field = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new ValidationError(field, `${field} must be a whole number of milliseconds ≥ 0`);
    return value;
  }
  if (typeof value !== 'string')
    throw new ValidationError(field, `${field} must be a duration ${EXAMPLES}`);
  return parseDurationText(value.trim(), field);
}

function parseDurationText(text: string, field: string): number {
  const invalid = (detail: string): ValidationError =>
    new ValidationError(
      field,
      `${field} must be a duration ${EXAMPLES} (${detail} in ${JSON.stringify(text)})`,
    );
  if (text === '') throw invalid('nothing');
  if (/^\d+(\.\d+)?$/.test(text)) throw invalid('a unit is missing');
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const at = PART.lastIndex;
    const match = PART.exec(text);
    if (!match) throw invalid(`unexpected ${JSON.stringify(text.slice(at))} at column ${at + 1}`);
    total += Number(match[1]) * UNIT_MS[match[2] as Unit];
  }
  // Fractions are allowed ("1.5s") as long as they land on a whole millisecond.
  const rounded = Math.round(total);
  if (Math.abs(total - rounded) > 1e-6) throw invalid('not a whole number of milliseconds');
  if (!Number.isSafeInteger(rounded)) throw invalid('too long');
  return rounded;
}

/** The shortest spelling `parseDuration` reads back to the same value, e.g. 90000 → "1m30s". */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new RangeError(`not a duration in milliseconds: ${ms}`);
  if (ms === 0) return '0ms';
  let rest = ms;
  let text = '';
  for (const unit of UNITS_DESCENDING) {
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count === 0) continue;
    text += `${count}${unit}`;
    rest -= count * UNIT_MS[unit];
  }
  return text;
}

/** Checks a duration already in milliseconds against a range, naming the field and the limits. */
export function requireDurationBetween(
  field: string,
  ms: number,
  minMs: number,
  maxMs: number,
): number {
  if (ms < minMs || ms > maxMs)
    throw new ValidationError(
      field,
      `${field} must be from ${formatDuration(minMs)} to ${formatDuration(maxMs)} (got ${formatDuration(ms)})`,
    );
  return ms;
}
