// A small client of the management API for tests: JSON in and out, a bearer key or a cookie, and
// a server started for each suite to call.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { DatabaseBackend } from '../support/databases.js';
import { startTestWeb, type TestWeb } from '../support/web.js';

export const API = '/api/v1';

export interface ApiResponse {
  status: number;
  headers: Headers;
  // Tests read many different JSON shapes and assert on them field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  /** Bearer API key; none sends no Authorization header. */
  key?: string;
  cookie?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with `contentType`. */
  raw?: string;
  contentType?: string;
}

export type Call = (method: string, path: string, options?: CallOptions) => Promise<ApiResponse>;

/** A caller for `web`; `defaultKey` is used unless a call says otherwise. */
export function apiClient(web: TestWeb, defaultKey?: string): Call {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    const key = 'key' in options ? options.key : defaultKey;
    if (key) headers.authorization = `Bearer ${key}`;
    if (options.cookie) headers.cookie = options.cookie;
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    const response = await fetch(`${web.baseUrl}${API}${path}`, { method, headers, body });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: text && type.includes('json') ? JSON.parse(text) : text,
    };
  };
}

/** A fresh API key's secret. */
export async function newKey(web: TestWeb, scope: 'read' | 'write' = 'write'): Promise<string> {
  const { secret } = await web.services.apiKeys.create({ name: `test ${scope}`, scope });
  return secret;
}

export interface SuiteServer {
  /** Calls the API with a key of the suite's scope; usable once the suite's tests run. */
  call: Call;
  /** The running server, for the services behind it; there once the suite's tests run. */
  readonly web: TestWeb;
}

/**
 * Starts the server over a fresh database of `backend` (with extra environment `env`) before the
 * tests of the enclosing suite and closes it after them, with a caller holding a new key of `scope`.
 */
export function serveForSuite(
  backend: DatabaseBackend,
  { scope = 'write', env = {} }: { scope?: 'read' | 'write'; env?: Record<string, string> } = {},
): SuiteServer {
  let running: { web: TestWeb; call: Call } | undefined;
  const started = () => {
    if (!running) throw new Error('the suite server starts in before()');
    return running;
  };
  before(async () => {
    const web = await startTestWeb(await backend.create(), env);
    running = { web, call: apiClient(web, await newKey(web, scope)) };
  });
  after(() => running?.web.close());
  return {
    call: (method, path, options) => started().call(method, path, options),
    get web() {
      return started().web;
    },
  };
}

/** Cookie header of a signed-in admin session. */
export async function adminCookie(web: TestWeb, email: string, password: string): Promise<string> {
  const user = await web.services.auth.verifyLogin(email, password);
  const { token } = await web.services.auth.startSession(user.id);
  return `vigil_session=${token}`;
}

/** Asserts the one error shape and returns it, for checks on code and field. */
export function errorOf(response: ApiResponse): { code: string; message: string; field?: string } {
  const error = response.body?.error;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string') {
    throw new Error(
      `expected { error: { code, message } }, got ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  const extra = Object.keys(error).filter((k) => !['code', 'message', 'field'].includes(k));
  if (extra.length > 0) throw new Error(`unexpected error keys ${extra.join(', ')}`);
  return error;
}

export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Creates with POST, checks 201 + Location, and that the Location reads back the same object. */
export async function create(call: Call, path: string, json: unknown) {
  const created = await call('POST', path, { json });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const location = created.headers.get('location') ?? '';
  assert.ok(location.startsWith(`${API}/`), `Location ${location}`);
  const read = await call('GET', location.slice(API.length));
  assert.equal(read.status, 200);
  return { body: created.body, location: location.slice(API.length), read: read.body };
}

export async function assertGone(call: Call, path: string): Promise<void> {
  const response = await call('GET', path);
  assert.equal(response.status, 404);
  assert.equal(response.body.error.code, 'not_found');
}
