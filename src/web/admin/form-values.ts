// Reading a submitted HTML form (application/x-www-form-urlencoded) into the loosely typed inputs
// the services validate; the raw values are kept so a rejected form is shown again as typed.
import { ValidationError } from '../../domain/errors.js';

/** A submitted form as the browser sent it: one string per field, or several for repeated names. */
export type FormValues = Readonly<Record<string, string | string[] | undefined>>;

/** Field name → message, for the fields a rejected submission got wrong. */
export type FieldErrors = Readonly<Record<string, string>>;

export const EMPTY_FORM: FormValues = Object.freeze({});

export function formValues(body: unknown): FormValues {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return EMPTY_FORM;
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === '_csrf') continue;
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.filter((v) => typeof v === 'string');
  }
  return values;
}

/** The field's text (the first one when repeated), or undefined when it was not sent. */
export function text(values: FormValues, name: string): string | undefined {
  const value = values[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Text where an empty field means "not given". */
export function filled(values: FormValues, name: string): string | undefined {
  const value = text(values, name);
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** A checkbox: browsers send it only when ticked. */
export function checked(values: FormValues, name: string): boolean {
  const value = text(values, name);
  return value !== undefined && value !== '' && value !== 'false';
}

/** All values of a repeated field (checkbox group). */
export function list(values: FormValues, name: string): string[] {
  const value = values[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * A whole number for the services, or the raw text when it is not one, so the service rejects it
 * with the same message every other door gets; empty means "not given".
 */
export function integer(values: FormValues, name: string): number | string | undefined {
  const value = filled(values, name);
  if (value === undefined) return undefined;
  return wholeNumberOr(value);
}

function wholeNumberOr(value: string): number | string {
  return /^-?\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : value;
}

/**
 * Whole numbers separated by commas or spaces ("30, 14, 7"), each as `integer` reads one;
 * undefined when the field was not sent, [] when it was sent empty.
 */
export function integerList(values: FormValues, name: string): Array<number | string> | undefined {
  const value = text(values, name);
  if (value === undefined) return undefined;
  return value
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .map(wholeNumberOr);
}

/** Fields named `prefix.key` with a non-empty value, as `{ key: value }` (e.g. per-component statuses). */
export function prefixed(values: FormValues, prefix: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of Object.keys(values)) {
    if (!name.startsWith(`${prefix}.`)) continue;
    const value = filled(values, name);
    if (value !== undefined) found[name.slice(prefix.length + 1)] = value;
  }
  return found;
}

/** A second password field that must repeat the first. */
export function requireSamePassword(values: FormValues, field = 'password_confirm'): void {
  if (text(values, 'password') !== text(values, field)) {
    throw new ValidationError(field, 'the two passwords are not the same');
  }
}
