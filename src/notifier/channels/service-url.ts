// The base URL of a service API a channel talks to (PagerDuty, Opsgenie, ntfy, Gotify, Pushover):
// an absolute http(s) URL, optionally with a path prefix (a self-hosted server behind a reverse
// proxy), without credentials, query or fragment, since the channel appends the API's own path.
import type { FieldError } from '../channel.js';

const MAX_URL_LENGTH = 2000;

export interface ServiceUrlOptions {
  /** Used when the field is left out; without one the field is required. */
  defaultUrl?: string;
}

/** The URL without a trailing slash (so `${base}/v2/alerts` is right), or null after an error. */
export function serviceUrlField(
  input: Readonly<Record<string, unknown>>,
  field: string,
  errors: FieldError[],
  options: ServiceUrlOptions = {},
): string | null {
  const fail = (message: string): null => {
    errors.push({ field, message });
    return null;
  };
  const value = input[field];
  if (value === undefined || value === null || value === '') {
    return options.defaultUrl ?? fail(`${field} is required`);
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
  // Credentials in the URL would be stored in clear and shown by the API.
  if (url.username !== '' || url.password !== '') {
    return fail(`${field} must not contain a user name or password`);
  }
  if (url.search !== '' || url.hash !== '') {
    return fail(`${field} must be the server's address without a query or fragment`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
