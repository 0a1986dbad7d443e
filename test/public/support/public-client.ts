// Helpers for public site tests: bounded polling for snapshot invalidation, and an admin session.
import { waitFor } from '../../../scripts/cluster/wait-for.js';
import type { TestWeb } from '../../support/web.js';
import { TEST_ADMIN } from '../../support/web.js';

/**
 * Polls `probe` (every 20 ms) until it returns a value other than undefined, or fails after
 * `timeoutMs`. The default is far above the milliseconds a rebuild takes, as what is awaited (a
 * change notice, a rebuild from the database, an HTTP answer) can stall for seconds on a loaded
 * machine; only a failing test waits that long.
 */
export function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  return waitFor(what, probe, timeoutMs, 20);
}

/** GETs a path until its body satisfies `ready` (the change notice has rebuilt the snapshot). */
export function pageWhere(
  web: TestWeb,
  path: string,
  ready: (body: string) => boolean,
  what = `${path} to change`,
): Promise<{ response: Response; body: string }> {
  return eventually(what, async () => {
    const response = await fetch(web.baseUrl + path, { redirect: 'manual' });
    const body = await response.text();
    return ready(body) ? { response, body } : undefined;
  });
}

/** Cookie header of a fresh admin session. */
export async function adminCookie(web: TestWeb): Promise<string> {
  const user = await web.services.auth.verifyLogin(TEST_ADMIN.email, TEST_ADMIN.password);
  const { token } = await web.services.auth.startSession(user.id);
  return `vigil_session=${token}`;
}

/** The text after the first occurrence of `marker` (for checks of what follows a heading). */
export function after(html: string, marker: string, length = 1_000): string {
  const at = html.indexOf(marker);
  if (at < 0) throw new Error(`${marker} not found in the page`);
  return html.slice(at + marker.length, at + marker.length + length);
}

export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
