// The public JSON API compatible with Atlassian Statuspage v2, for the default page under
// /api/v2/ and for any page under /s/:slug/api/v2/. Bodies are serialised once per page snapshot
// and served from memory with ETag, CDN-friendly Cache-Control and open CORS for widgets.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationError, VigilError } from '../../domain/errors.js';
import { renderOnce } from '../../cache/rendered.js';
import type { WebDependencies } from '../app.js';
import { sessionUser } from '../auth/session-cookie.js';
import { sendCached, type CachedSendOptions } from '../http-cache.js';
import { markStale, stalenessOf } from '../public/staleness.js';
import { DOCUMENTS, renderDocument, type DocumentName } from './documents.js';

const JSON_TYPE = 'application/json; charset=utf-8';
/** How long browsers may reuse a preflight answer; it never changes while Vigil runs. */
const PREFLIGHT_MAX_AGE_SECONDS = 86_400;

function pageNotFound(slug: string | undefined): VigilError {
  return new VigilError(
    'not_found',
    slug === undefined
      ? 'no default status page exists yet'
      : `status page ${JSON.stringify(slug)} does not exist`,
    404,
  );
}

/** Sends an error readable cross-origin and never cached: the page may appear any moment. */
function refuse(reply: FastifyReply, error: Error): never {
  void reply.header('access-control-allow-origin', '*').header('cache-control', 'no-store');
  throw error;
}

export async function statusApi(
  app: FastifyInstance,
  { deps }: { deps: WebDependencies },
): Promise<void> {
  // Built once: this is the hot path of every widget poll and CDN miss.
  const publicOptions: CachedSendOptions = {
    contentType: JSON_TYPE,
    maxAgeSeconds: deps.config.publicCacheSeconds,
    crossOrigin: true,
  };
  // A private page's data is only for its signed-in readers: no shared caches, no other sites.
  const privateOptions: CachedSendOptions = {
    ...publicOptions,
    crossOrigin: false,
    private: true,
  };

  async function serve(
    request: FastifyRequest,
    reply: FastifyReply,
    name: DocumentName,
    variant: string,
    slug: string | undefined,
  ): Promise<FastifyReply> {
    // A 503 (database unreachable, page in no cache) is readable cross-origin and never cached.
    const snapshot = await deps.snapshots.get(slug).catch((error: Error) => refuse(reply, error));
    if (!snapshot) return refuse(reply, pageNotFound(slug));
    const isPrivate = snapshot.page.is_private;
    // Only private pages look at the session, so public traffic never touches the database.
    if (isPrivate && !(await sessionUser(request, deps.services.auth))) {
      return refuse(
        reply,
        new AuthenticationError('this status page is private; sign in to read it'),
      );
    }
    const rendered = renderOnce(snapshot, variant, () =>
      renderDocument(name, snapshot, deps.config.baseUrl),
    );
    // The Statuspage v2 body has no field for it (and must stay valid), so headers say it.
    markStale(reply, stalenessOf(deps, snapshot));
    return sendCached(request, reply, rendered, isPrivate ? privateOptions : publicOptions);
  }

  async function preflight(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
    await reply
      .code(204)
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
      .header('access-control-allow-headers', 'If-None-Match')
      .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS))
      .header('cache-control', `public, max-age=${PREFLIGHT_MAX_AGE_SECONDS}`)
      .send();
  }

  for (const name of DOCUMENTS) {
    const file = `/api/v2/${name}.json`;
    const variant = `status-api:${name}`;
    app.get(file, (request, reply) => serve(request, reply, name, variant, undefined));
    app.get<{ Params: { slug: string } }>(`/s/:slug${file}`, (request, reply) =>
      serve(request, reply, name, variant, request.params.slug),
    );
    app.options(file, preflight);
    app.options(`/s/:slug${file}`, preflight);
  }
}
