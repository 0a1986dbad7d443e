// Drives the admin like a browser without script: keeps cookies between requests, reads the CSRF
// token from each form, posts forms URL-encoded, and follows redirects one by one.
import assert from 'node:assert/strict';

export interface StoredCookie {
  name: string;
  value: string;
  path: string;
  attributes: string[];
}

/** A tiny cookie jar: one origin, path matching, Max-Age=0 / past Expires delete. */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();
  /** Every Set-Cookie header seen, to check flags (HttpOnly, SameSite, Secure). */
  readonly seen: string[] = [];

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      this.seen.push(header);
      const [pair, ...rest] = header.split(';').map((part) => part.trim());
      const separator = pair!.indexOf('=');
      const name = pair!.slice(0, separator);
      const value = pair!.slice(separator + 1);
      const attributes = rest.map((part) => part.toLowerCase());
      const path = rest.find((part) => part.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired =
        attributes.some((a) => a === 'max-age=0') ||
        rest.some((part) => {
          if (!part.toLowerCase().startsWith('expires=')) return false;
          return new Date(part.slice(8)).getTime() <= Date.now();
        });
      const key = `${name};${path}`;
      if (expired || value === '') this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path, attributes });
    }
  }

  header(path: string): string {
    return [...this.cookies.values()]
      .filter(
        (cookie) =>
          path === cookie.path ||
          path.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`) ||
          path.startsWith(`${cookie.path}?`),
      )
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  get(name: string): StoredCookie | undefined {
    return [...this.cookies.values()].find((cookie) => cookie.name === name);
  }

  /** The last Set-Cookie header sent for a cookie name. */
  lastSetCookie(name: string): string | undefined {
    return this.seen.filter((header) => header.startsWith(`${name}=`)).at(-1);
  }
}

export interface Page {
  status: number;
  url: string;
  html: string;
  headers: Headers;
}

export class Browser {
  readonly jar = new CookieJar();

  /** `send` replaces the global fetch, e.g. to trust a test certificate (test/deploy). */
  constructor(
    readonly baseUrl: string,
    private readonly send: typeof fetch = fetch,
  ) {}

  /** One request, no redirect following. */
  async request(method: string, path: string, body?: URLSearchParams): Promise<Response> {
    const cookie = this.jar.header(new URL(path, this.baseUrl).pathname);
    const response = await this.send(new URL(path, this.baseUrl), {
      method,
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body: body.toString() } : {}),
    });
    this.jar.store(response);
    return response;
  }

  /** Follows redirects (at most 10) with GET, like a browser after a 303. */
  async follow(response: Response, path: string): Promise<Page> {
    let current = response;
    let url = path;
    for (let hops = 0; current.status >= 300 && current.status < 400; hops++) {
      assert.ok(hops < 10, 'too many redirects');
      url = current.headers.get('location')!;
      await current.arrayBuffer();
      current = await this.request('GET', url);
    }
    return { status: current.status, url, html: await current.text(), headers: current.headers };
  }

  async get(path: string): Promise<Page> {
    return this.follow(await this.request('GET', path), path);
  }

  /** Posts a form as typed; the CSRF token comes from `csrfFrom` (the HTML the form was on). */
  async post(
    path: string,
    fields: Record<string, string | string[]>,
    csrfFrom?: string,
  ): Promise<Response> {
    const body = new URLSearchParams();
    if (csrfFrom !== undefined) body.set('_csrf', csrfToken(csrfFrom));
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    return this.request('POST', path, body);
  }

  /** Opens `formPage`, then submits the form posting to `action` with `fields`; follows redirects. */
  async submit(
    formPage: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<Page> {
    const page = await this.get(formPage);
    assert.equal(page.status, 200, `GET ${formPage} gave ${page.status}`);
    assert.ok(
      page.html.includes(`action="${action}"`),
      `no form posting to ${action} on ${formPage}`,
    );
    return this.follow(await this.post(action, fields, page.html), action);
  }
}

export function csrfToken(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(match, 'the page has no _csrf field');
  return match[1]!;
}

/** The value of an input by name, decoded from its HTML attribute. */
export function inputValue(html: string, name: string): string | undefined {
  const match = new RegExp(
    `<input[^>]*name="${name.replace(/[.]/g, '\\.')}"[^>]*value="([^"]*)"`,
  ).exec(html);
  return match?.[1]
    ?.replace(/&#34;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

export async function signIn(browser: Browser, email: string, password: string): Promise<Page> {
  return browser.submit('/admin/login', '/admin/login', { email, password });
}

/** Like assert.match, but a failure prints the pattern and a short excerpt, not the whole page. */
export function assertHas(html: string, pattern: RegExp, message?: string): void {
  if (pattern.test(html)) return;
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
  const excerpt = main.replace(/<option[^>]*>[^<]*<\/option>/g, '').slice(0, 1500);
  assert.fail(`${message ?? 'page content'}: expected ${pattern} in:\n${excerpt}`);
}

export function assertHasNot(html: string, pattern: RegExp, message?: string): void {
  const match = pattern.exec(html);
  if (!match) return;
  assert.fail(
    `${message ?? 'page content'}: unexpected ${pattern} at: ${html.slice(Math.max(0, match.index - 200), match.index + 200)}`,
  );
}
