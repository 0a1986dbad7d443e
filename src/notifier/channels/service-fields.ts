// Field checks and text limits shared by the service channels (PagerDuty, Opsgenie, ntfy, Gotify,
// Pushover): each check records a FieldError naming its field and returns null, so validate()
// can collect every problem at once.
import type { FieldError } from '../channel.js';

type Input = Readonly<Record<string, unknown>>;

export interface TextOptions {
  required?: boolean;
  max: number;
  /** The value must match; `patternHint` says how, e.g. "32 letters and digits". */
  pattern?: RegExp;
  patternHint?: string;
}

/** A string setting (a key, a topic, a user name); null when absent or wrong. */
export function textField(
  input: Input,
  field: string,
  errors: FieldError[],
  options: TextOptions,
): string | null {
  const value = input[field];
  if (value === undefined || value === null || value === '') {
    if (options.required) errors.push({ field, message: `${field} is required` });
    return null;
  }
  if (typeof value !== 'string') {
    errors.push({ field, message: `${field} must be a string` });
    return null;
  }
  // Keys are pasted: stray spaces or a newline around them are never part of the key.
  const text = value.trim();
  if (text === '' || text.length > options.max) {
    errors.push({ field, message: `${field} must be 1 to ${options.max} characters` });
    return null;
  }
  if (options.pattern && !options.pattern.test(text)) {
    errors.push({ field, message: `${field} must be ${options.patternHint ?? 'well-formed'}` });
    return null;
  }
  return text;
}

/** A whole number in [min, max], as a number or as digits (form fields); null when absent. */
export function integerField(
  input: Input,
  field: string,
  errors: FieldError[],
  range: { min: number; max: number },
): number | null {
  const value = input[field];
  if (value === undefined || value === null || value === '') return null;
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isInteger(number) || number < range.min || number > range.max) {
    errors.push({
      field,
      message: `${field} must be a whole number from ${range.min} to ${range.max}`,
    });
    return null;
  }
  return number;
}

/** One of `choices`; null when absent. */
export function choiceField<T extends string>(
  input: Input,
  field: string,
  errors: FieldError[],
  choices: readonly T[],
): T | null {
  const value = input[field];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    errors.push({ field, message: `${field} must be one of ${choices.join(', ')}` });
    return null;
  }
  return value as T;
}

/** At most `max` characters (code points, so no emoji is cut in half), "…" marking a cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Reads a service's JSON error answer for the delivery log: the strings at `keys` (arrays are
 * joined), e.g. Pushover's `errors` or ntfy's `error`; null when the answer is not such JSON.
 */
export function jsonErrorText(...keys: string[]): (body: string) => string | null {
  return (body) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return null;
    }
    if (parsed === null || typeof parsed !== 'object') return null;
    const record = parsed as Record<string, unknown>;
    const parts = keys.flatMap((key) => {
      const value = record[key];
      if (typeof value === 'string' && value !== '') return [value];
      if (Array.isArray(value)) {
        return value.filter((item): item is string => typeof item === 'string');
      }
      return [];
    });
    return parts.length > 0 ? parts.join('; ') : null;
  };
}
