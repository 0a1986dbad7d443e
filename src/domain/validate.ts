// Small field validators shared by every way data comes in (API, admin forms, config files).
import { ValidationError } from './errors.js';

export function requireText(
  field: string,
  value: unknown,
  options: { max: number; min?: number },
): string {
  if (typeof value !== 'string') throw new ValidationError(field, `${field} must be a string`);
  const text = value.trim();
  const min = options.min ?? 1;
  if (text.length < min) throw new ValidationError(field, `${field} must not be empty`);
  if (text.length > options.max)
    throw new ValidationError(field, `${field} must be at most ${options.max} characters`);
  return text;
}

export function optionalText(field: string, value: unknown, max: number): string {
  if (value === undefined || value === null) return '';
  return requireText(field, value, { max, min: 0 });
}

export function requireOneOf<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(field, `${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** requireOneOf for a filter or setting that may be left out: absent, null or '' is undefined. */
export function optionalOneOf<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return requireOneOf(field, value, allowed);
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export function requireSlug(field: string, value: unknown): string {
  if (typeof value !== 'string' || !SLUG.test(value)) {
    throw new ValidationError(
      field,
      `${field} must be 1-63 lowercase letters, digits or hyphens, not starting or ending with a hyphen`,
    );
  }
  return value;
}

export function optionalUrl(field: string, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > 2000)
    throw new ValidationError(field, `${field} must be a URL`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(field, `${field} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(field, `${field} must be an absolute http(s) URL`);
  }
  return url.toString();
}

export function requireTimeZone(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 64)
    throw new ValidationError(field, `${field} must be an IANA time zone`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw new ValidationError(
      field,
      `${field} must be an IANA time zone such as Etc/UTC or Europe/Paris`,
    );
  }
  return value;
}

export function requireDate(field: string, value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new ValidationError(field, `${field} must be an ISO 8601 date-time`);
  }
  return date;
}

export function optionalDay(field: string, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(Date.parse(value)) ||
    // Date.parse rolls 2024-02-30 over to March; PostgreSQL's date column refuses it instead.
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw new ValidationError(field, `${field} must be a date as YYYY-MM-DD`);
  }
  return value;
}

export function optionalBoolean(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean')
    throw new ValidationError(field, `${field} must be true or false`);
  return value;
}

export function optionalInteger(
  field: string,
  value: unknown,
  fallback: number,
  range: [number, number],
): number {
  if (value === undefined || value === null) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < range[0] ||
    value > range[1]
  ) {
    throw new ValidationError(field, `${field} must be an integer from ${range[0]} to ${range[1]}`);
  }
  return value;
}
