// Checks of the configuration fields several channel types share (receiver URLs, optional short
// texts), each pushing a FieldError that names the field, so every type words them the same way.
import type { ConfigCheck, FieldError, FieldHint } from './channel.js';

const MAX_URL_LENGTH = 2000;

export interface UrlFieldOptions {
  required: boolean;
  /** Said when the URL carries a user name or password (which would be stored in clear). */
  credentialsHint?: string;
  /** Refuse a query string or fragment (for base URLs Vigil appends a path to). */
  baseOnly?: boolean;
}

/** An absolute http(s) URL without credentials, normalised; null when absent or refused. */
export function httpUrlField(
  value: unknown,
  field: string,
  errors: FieldError[],
  options: UrlFieldOptions,
): string | null {
  const fail = (message: string): null => {
    errors.push({ field, message });
    return null;
  };
  if (value === undefined || value === null || value === '') {
    return options.required ? fail(`${field} is required`) : null;
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
  if (options.baseOnly && (url.search !== '' || url.hash !== '')) {
    return fail(`${field} must not have a query string or fragment`);
  }
  return url.toString();
}

/** The `webhook_url` of chat services, where the URL itself is the credential. */
export function webhookUrlField(value: unknown, errors: FieldError[]): string | null {
  return httpUrlField(value, 'webhook_url', errors, { required: true });
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
export function validateWebhookUrlOnly(
  input: Readonly<Record<string, unknown>>,
): ConfigCheck<{ webhook_url: string }> {
  const errors: FieldError[] = [];
  const url = webhookUrlField(input.webhook_url, errors);
  return configCheck(errors, url === null ? null : { webhook_url: url });
}

/** An optional non-empty string of at most `maxLength` characters; null when absent. */
export function optionalTextField(
  value: unknown,
  field: string,
  errors: FieldError[],
  maxLength: number,
): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim().length === 0) {
    errors.push({ field, message: `${field} must be a non-empty string` });
    return null;
  }
  if (value.length > maxLength) {
    errors.push({ field, message: `${field} must be at most ${maxLength} characters` });
    return null;
  }
  return value;
}

/** The outcome of a type's validate: its errors, or the config once every field passed. */
export function configCheck<C>(errors: FieldError[], config: C | null): ConfigCheck<C> {
  return errors.length > 0 || config === null ? { ok: false, errors } : { ok: true, config };
}
