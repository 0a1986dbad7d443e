// The public-site figures of the cluster benchmark: the status page and summary.json through
// nginx, each once from nginx's micro-cache (what anonymous visitors get) and once with a
// `vigil_session` cookie, which the nginx configuration never answers from the cache, so every
// request reaches a web instance. Before measuring, one request of each proves that the
// cache does what the figure's name says.
import { request, type Dispatcher } from 'undici';
import { runLoad, type LoadResult } from '../public-page/load.js';
import type { Phase } from './measure.js';

export interface PageFigure {
  key: string;
  label: string;
  path: string;
  headers: Record<string, string>;
  /** X-Cache-Status nginx must answer with once the entry is warm. */
  cacheStatus: 'HIT' | 'BYPASS';
}

// Any value does: nginx bypasses on the cookie's presence; Vigil ignores an unknown session on a
// public page (it only looks sessions up for private pages and the admin).
const SESSION_COOKIE = { Cookie: 'vigil_session=x' };

export const PAGE_FIGURES: readonly PageFigure[] = [
  { key: 'page-cached', label: 'page / (micro-cache)', path: '/', headers: {}, cacheStatus: 'HIT' },
  {
    key: 'page-bypass',
    label: 'page / (bypass: reaches web)',
    path: '/',
    headers: SESSION_COOKIE,
    cacheStatus: 'BYPASS',
  },
  {
    key: 'summary-cached',
    label: 'summary.json (micro-cache)',
    path: '/api/v2/summary.json',
    headers: {},
    cacheStatus: 'HIT',
  },
  {
    key: 'summary-bypass',
    label: 'summary.json (bypass: reaches web)',
    path: '/api/v2/summary.json',
    headers: SESSION_COOKIE,
    cacheStatus: 'BYPASS',
  },
];

/** Fails unless the route answers 200 with the expected X-Cache-Status (after one warming GET). */
export async function checkCacheBehaviour(
  baseUrl: string,
  dispatcher: Dispatcher,
  figure: PageFigure,
): Promise<void> {
  let status = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    const response = await request(`${baseUrl}${figure.path}`, {
      dispatcher,
      headers: figure.headers,
    });
    await response.body.dump();
    if (response.statusCode !== 200)
      throw new Error(`${figure.label}: GET ${figure.path} answered ${response.statusCode}`);
    status = String(response.headers['x-cache-status'] ?? '(none)');
  }
  if (status !== figure.cacheStatus)
    throw new Error(
      `${figure.label}: nginx answered X-Cache-Status ${status}, expected ${figure.cacheStatus}`,
    );
}

export function pageLoad(
  baseUrl: string,
  figure: PageFigure,
  connections: number,
): (phase: Phase, durationSeconds: number) => Promise<LoadResult> {
  return (_phase, durationSeconds) =>
    runLoad({
      url: `${baseUrl}${figure.path}`,
      connections,
      durationSeconds,
      headers: figure.headers,
    });
}
