// Machine-read resources of a page: RSS and Atom feeds and SVG status badges (page and component),
// cached per snapshot, readable from any origin; private pages answer 401 without a session.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PageSnapshot } from '../../cache/page-snapshots.js';
import { renderOnce } from '../../cache/rendered.js';
import { NotFoundError } from '../../domain/errors.js';
import type { WebDependencies } from '../app.js';
import { sendCached } from '../http-cache.js';
import { renderBadge } from './badge.js';
import { renderAtom, renderRss } from './feeds.js';
import { requirePage } from './page-access.js';
import { markStale, stalenessOf } from './staleness.js';
import { onEveryPage } from './page-routes.js';
import {
  INDICATOR_BADGE_TEXT,
  componentLabel,
  componentTone,
  indicatorTone,
} from './presentation.js';

const SVG = 'image/svg+xml; charset=utf-8';

export function resourceRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { config } = deps;
  /** The page's snapshot (or a 404/401/503 error), its response marked when it may be stale. */
  async function pageFor(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string | undefined,
  ): Promise<PageSnapshot> {
    const snapshot = await requirePage(deps, request, slug);
    markStale(reply, stalenessOf(deps, snapshot));
    return snapshot;
  }
  const options = (isPrivate: boolean, contentType: string) => ({
    contentType,
    maxAgeSeconds: config.publicCacheSeconds,
    crossOrigin: !isPrivate,
    private: isPrivate,
  });

  onEveryPage(app, '/feed.rss', async (request, reply, slug) => {
    const snapshot = await pageFor(request, reply, slug);
    const rendered = renderOnce(snapshot, 'feed.rss', () => renderRss(snapshot, config.baseUrl));
    return sendCached(
      request,
      reply,
      rendered,
      options(snapshot.page.is_private, 'application/rss+xml; charset=utf-8'),
    );
  });

  onEveryPage(app, '/feed.atom', async (request, reply, slug) => {
    const snapshot = await pageFor(request, reply, slug);
    const rendered = renderOnce(snapshot, 'feed.atom', () => renderAtom(snapshot, config.baseUrl));
    return sendCached(
      request,
      reply,
      rendered,
      options(snapshot.page.is_private, 'application/atom+xml; charset=utf-8'),
    );
  });

  onEveryPage(app, '/badge.svg', async (request, reply, slug) => {
    const snapshot = await pageFor(request, reply, slug);
    const { indicator } = snapshot.status;
    const rendered = renderOnce(snapshot, 'badge', () =>
      renderBadge({
        label: snapshot.page.name,
        message: INDICATOR_BADGE_TEXT[indicator],
        tone: indicatorTone(indicator),
      }),
    );
    return sendCached(request, reply, rendered, options(snapshot.page.is_private, SVG));
  });

  onEveryPage(app, '/components/:id/badge.svg', async (request, reply, slug) => {
    const snapshot = await pageFor(request, reply, slug);
    const id = request.params.id ?? '';
    const component = snapshot.components.find((c) => c.id === id);
    if (!component) throw new NotFoundError('component', id);
    const rendered = renderOnce(snapshot, `badge:${component.id}`, () =>
      renderBadge({
        label: component.name,
        message: componentLabel(component.status).toLowerCase(),
        tone: componentTone(component.status),
      }),
    );
    return sendCached(request, reply, rendered, options(snapshot.page.is_private, SVG));
  });
}
