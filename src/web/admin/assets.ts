// The admin stylesheet, read once at start and served with a content hash, so browsers keep it
// for a year and fetch it again only when it changes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const css = readFileSync(new URL('./assets/admin.css', import.meta.url));
const hash = createHash('sha256').update(css).digest('hex').slice(0, 16);
const etag = `"${hash}"`;

/** Relative to the admin prefix. */
export const STYLESHEET_ROUTE = '/assets/admin.css';
/** The link pages use; the version query changes with the content, so a long cache is safe. */
export const stylesheetHref = (prefix: string): string => `${prefix}${STYLESHEET_ROUTE}?v=${hash}`;

export function adminAssetRoutes(app: FastifyInstance): void {
  app.get(STYLESHEET_ROUTE, async (request, reply) => {
    void reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', etag)
      .type('text/css; charset=utf-8');
    const match = request.headers['if-none-match'];
    if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return reply.code(304).send();
    }
    return reply.send(css);
  });
}
