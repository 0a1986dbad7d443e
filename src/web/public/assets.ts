// The status site's stylesheet, read once at start and served from memory with a content-hashed
// URL, so browsers and CDNs may keep it for a year.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { etagOf, type RenderedBody } from '../../cache/rendered.js';

export const STYLESHEET_PATH = '/assets/status.css';
const ONE_YEAR_SECONDS = 31_536_000;

export interface Stylesheet extends RenderedBody {
  /** URL with a version query that changes with the content. */
  href: string;
}

export function loadStylesheet(): Stylesheet {
  const body = readFileSync(new URL('./assets/status.css', import.meta.url), 'utf8');
  const etag = etagOf(body);
  return { body, etag, href: `${STYLESHEET_PATH}?v=${etag.slice(1, 11)}` };
}

export function assetRoutes(app: FastifyInstance, stylesheet: Stylesheet): void {
  app.get(STYLESHEET_PATH, (request, reply) => {
    // The URL changes with the content, so the file at a given URL never changes.
    void reply
      .header('cache-control', `public, max-age=${ONE_YEAR_SECONDS}, immutable`)
      .header('etag', stylesheet.etag);
    const candidates = (request.headers['if-none-match'] ?? '').split(',').map((t) => t.trim());
    if (candidates.includes(stylesheet.etag) || candidates.includes(`W/${stylesheet.etag}`)) {
      return reply.code(304).send();
    }
    return reply.type('text/css; charset=utf-8').send(stylesheet.body);
  });
}
