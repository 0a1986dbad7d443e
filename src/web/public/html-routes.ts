// The HTML pages of the public site: status page, paged history and incident permalinks, rendered
// once per snapshot version and served with ETags; private pages need an admin session.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PageSnapshot } from '../../cache/page-snapshots.js';
import { renderOnce } from '../../cache/rendered.js';
import { IncidentRepository } from '../../store/incident-repository.js';
import type { WebDependencies } from '../app.js';
import { DATABASE_RETRY_AFTER_SECONDS, toErrorResponse } from '../errors.js';
import { sendCached } from '../http-cache.js';
import type { Stylesheet } from './assets.js';
import { historyPage, pageIncident, parseHistoryPage } from './history-data.js';
import { accessPage, redirectToLogin } from './page-access.js';
import { onEveryPage, type PageRouteRequest } from './page-routes.js';
import { pageView, type PageView } from './views/context.js';
import { HistoryPage } from './views/history.js';
import { HomePage } from './views/home.js';
import { IncidentPage } from './views/incident-page.js';
import { MissingOnPage, NoPagesYet, PageNotFound, PageUnavailable } from './views/not-found.js';
import { markStale, stalenessOf, type Staleness } from './staleness.js';

const HTML = 'text/html; charset=utf-8';

function sendMissing(reply: FastifyReply, html: string): FastifyReply {
  return reply.code(404).type(HTML).header('cache-control', 'no-cache').send(html);
}

/** The database is unreachable and the page is in no cache: a page saying so, never a stack trace. */
function sendUnavailable(reply: FastifyReply, cssHref: string): FastifyReply {
  return reply
    .code(503)
    .type(HTML)
    .header('cache-control', 'no-store')
    .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
    .send(PageUnavailable({ cssHref }));
}

export function htmlRoutes(app: FastifyInstance, deps: WebDependencies, css: Stylesheet): void {
  const { config } = deps;
  // Read only when a snapshot does not hold the whole history (see history-data.ts).
  const history = new IncidentRepository(deps.database.db);

  /**
   * Resolves the page, answering 404/login itself, and 503 when the database is unreachable and
   * the page is in no cache; calls `serve` with the snapshot otherwise.
   */
  async function withPage(
    request: PageRouteRequest,
    reply: FastifyReply,
    slug: string | undefined,
    serve: (
      snapshot: PageSnapshot,
      view: PageView,
      stale: Staleness | undefined,
    ) => Promise<FastifyReply> | FastifyReply,
  ): Promise<FastifyReply> {
    try {
      const access = await accessPage(deps, request, slug);
      if (access.kind === 'login') return redirectToLogin(request, reply);
      if (access.kind === 'missing') {
        const cssHref = css.href;
        return sendMissing(
          reply,
          slug === undefined ? NoPagesYet({ cssHref }) : PageNotFound({ cssHref }),
        );
      }
      const { snapshot } = access;
      const stale = stalenessOf(deps, snapshot);
      markStale(reply, stale);
      return await serve(snapshot, pageView(snapshot, config.baseUrl, css.href), stale);
    } catch (error) {
      if (toErrorResponse(error as Error).status === 503) return sendUnavailable(reply, css.href);
      throw error;
    }
  }

  function sendHtml(
    request: PageRouteRequest,
    reply: FastifyReply,
    snapshot: PageSnapshot,
    variant: string,
    stale: Staleness | undefined,
    render: () => string,
  ): FastifyReply {
    // The notice is part of the body, so it is a variant of its own (with its own ETag).
    const key = stale ? `${variant}:stale:${stale.lastUpdated.getTime()}` : variant;
    return sendCached(request, reply, renderOnce(snapshot, key, render), {
      contentType: HTML,
      maxAgeSeconds: config.publicCacheSeconds,
      private: snapshot.page.is_private,
    });
  }

  onEveryPage(app, '/', (request, reply, slug) =>
    withPage(request, reply, slug, (snapshot, view, stale) => {
      const now = new Date();
      // The list of days moves at midnight even when nothing else changes.
      return sendHtml(request, reply, snapshot, `home:${view.clock.dayKey(now)}`, stale, () =>
        HomePage({ snapshot, view, now, stale }),
      );
    }),
  );

  onEveryPage(app, '/history', (request, reply, slug) => {
    const page = parseHistoryPage(request.query.page);
    return withPage(request, reply, slug, async (snapshot, view, stale) => {
      const data = await historyPage(snapshot, history, page);
      if (!data) {
        const message = 'This page of the incident history does not exist.';
        return sendMissing(reply, MissingOnPage({ view, message }));
      }
      return sendHtml(request, reply, snapshot, `history:${page}`, stale, () =>
        HistoryPage({ view, data, stale }),
      );
    });
  });

  onEveryPage(app, '/incidents/:id', (request, reply, slug) =>
    withPage(request, reply, slug, async (snapshot, view, stale) => {
      const id = request.params.id ?? '';
      const incident = await pageIncident(snapshot, deps.services.incidents, id);
      if (!incident) {
        const message = 'This incident or maintenance does not exist on this status page.';
        return sendMissing(reply, MissingOnPage({ view, message }));
      }
      return sendHtml(request, reply, snapshot, `incident:${incident.id}`, stale, () =>
        IncidentPage({ incident, view, stale }),
      );
    }),
  );
}
