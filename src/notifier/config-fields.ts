// Checks of the configuration fields channel types share (receiver and service URLs, keys and
// short texts, numbers, choices), each pushing a FieldError that names the field and returning
// null, so validate() collects every problem at once and every type words them the same way.
import type { ConfigCheck, FieldError, FieldHint } from './channel.js';

type Input = Readonly<Record<string, unknown>>;

const MAX_URL_LENGTH = 2000;

export interface UrlFieldOptions {
  /** Default true; a field with a `defaultUrl` is never required. */
  required?: boolean;
  /** Used when the field is left out (the service's public API). */
  defaultUrl?: string;
  /** Said when the URL carries a user name or password (which would be stored in clear). */
  credentialsHint?: string;
  /**
   * The base URL of a service Vigil appends the API's path to (optionally with a path prefix,
   * for a self-hosted server behind a reverse proxy): no query or fragment, and returned
   * without a trailing slash so `${base}/v2/alerts` is right.
   */
  base?: boolean;
}

/**
 * An absolute http(s) URL without credentials, normalised; the default (or null) when absent,
 * null when refused.
 */
export function urlField(
  input: Input,
  field: string,
  errors: FieldError[],
  options: UrlFieldOptions = {},
): string | null {
  const fail = (message: string): null => {
    errors.push({ field, message });
    return null;
  };
  const value = input[field];
  if (value === undefined || value === null || value === '') {
    if (options.defaultUrl !== undefined) return options.defaultUrl;
    return options.required === false ? null : fail(`${field} is required`);
  }
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) {
    return fail(`${field} must be a URL of at most ${MAX_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`${field} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(`${field} must be an absolute http(s) URL`);
  }
  // Credentials in the URL would be shown by the API (only secret fields are hidden).
  if (url.username !== '' || url.password !== '') {
    return fail(
      `${field} must not contain a user name or password${options.credentialsHint ? `; ${options.credentialsHint}` : ''}`,
    );
  }
  if (!options.base) return url.toString();
  if (url.search !== '' || url.hash !== '') {
    return fail(`${field} must be the server's address without a query or fragment`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The `webhook_url` of chat services, where the URL itself is the credential. */
export function webhookUrlField(input: Input, errors: FieldError[]): string | null {
  return urlField(input, 'webhook_url', errors);
}

/** The form hint of a `webhook_url`: where to find it on the service, and that it is secret. */
export function webhookUrlHint(label: string, whereToFindIt: string): FieldHint {
  return {
    label,
    help: `${whereToFindIt} It is the credential: stored encrypted.`,
    required: true,
  };
}

/** validate() of a type whose only setting is its `webhook_url`. */
export function validateWebhookUrlOnly(input: Input): ConfigCheck<{ webhook_url: string }> {
  const errors: FieldError[] = [];
  const url = webhookUrlField(input, errors);
  return configCheck(errors, url === null ? null : { webhook_url: url });
}

export interface TextOptions {
  required?: boolean;
  max: number;
  /** The value must match; `patternHint` says how, e.g. "32 letters and digits". */
  pattern?: RegExp;
  patternHint?: string;
  /**
   * Default true: keys and names are pasted, and stray spaces or a newline around them are never
   * part of them. False keeps the value byte for byte (a signing secret).
   */
  trim?: boolean;
}

/**
 * A string setting (a key, a topic, a user name, a secret); null when absent or refused. An
 * empty string is refused rather than taken as "none": null (or leaving the field out) says
 * that, and an empty secret or name is more likely a mistake (an unset variable) than a wish.
 */
export function textField(
  input: Input,
  field: string,
  errors: FieldError[],
  options: TextOptions,
): string | null {
  const fail = (message: string): null => {
    errors.push({ field, message });
    return null;
  };
  const value = input[field];
  if (value === undefined || value === null || (value === '' && options.required)) {
    return options.required ? fail(`${field} is required`) : null;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    return fail(`${field} must be a non-empty string`);
  }
  const text = options.trim === false ? value : value.trim();
  if (text.length > options.max) return fail(`${field} must be at most ${options.max} characters`);
  if (options.pattern && !options.pattern.test(text)) {
    return fail(`${field} must be ${options.patternHint ?? 'well-formed'}`);
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

/** The outcome of a type's validate: its errors, or the config once every field passed. */
export function configCheck<C>(errors: FieldError[], config: C | null): ConfigCheck<C> {
  return errors.length > 0 || config === null ? { ok: false, errors } : { ok: true, config };
}
