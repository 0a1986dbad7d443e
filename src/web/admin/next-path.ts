// Where to go after signing in: only a path on this site, never another origin (open redirect).

/**
 * `value` when it is a same-site absolute path, else undefined. Browsers read `//host`, `/\host`
 * and paths with tabs or newlines stripped (`/\t/host`) as other origins, so all are refused.
 */
export function safeNextPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return undefined;
  if (!value.startsWith('/') || value.startsWith('//')) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return undefined;
  try {
    // A path must stay on a placeholder origin when resolved; anything else is not a plain path.
    const resolved = new URL(value, 'http://vigil.invalid');
    if (resolved.origin !== 'http://vigil.invalid') return undefined;
  } catch {
    return undefined;
  }
  return value;
}
