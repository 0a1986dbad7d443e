// Sends public responses CDN-friendly: ETag with If-None-Match (304), Cache-Control with
// stale-while-revalidate, Vary, and open CORS for GET so widgets on other sites can read them.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RenderedBody } from '../cache/rendered.js';

export interface CachedSendOptions {
  contentType: string;
  /** Seconds browsers and CDNs may reuse the response (config.publicCacheSeconds). */
  maxAgeSeconds: number;
  /** Allow any origin to read it (public JSON, badges, feeds). */
  crossOrigin?: boolean;
  /** Private pages must not be stored by shared caches. */
  private?: boolean;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  rendered: RenderedBody,
  options: CachedSendOptions,
): FastifyReply {
  // Browsers revalidate every time (a cheap 304), so a visitor never sees an old status after a
  // change; shared caches (CDN, nginx) may serve it for maxAgeSeconds and keep serving a stale copy
  // while revalidating or while Vigil is unreachable.
  const cacheControl = options.private
    ? 'private, no-cache'
    : `public, max-age=0, s-maxage=${options.maxAgeSeconds}, stale-while-revalidate=${Math.max(30, options.maxAgeSeconds * 6)}, stale-if-error=86400`;
  void reply
    .header('cache-control', cacheControl)
    .header('etag', rendered.etag)
    .header('vary', 'Accept-Encoding');
  if (options.crossOrigin) void reply.header('access-control-allow-origin', '*');
  if (matchesEtag(request.headers['if-none-match'], rendered.etag)) {
    return reply.code(304).send();
  }
  return reply.type(options.contentType).send(rendered.bytes ?? rendered.body);
}
