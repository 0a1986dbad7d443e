// Paging of list endpoints: `?page=&per_page=` in, `{ data, pagination }` and a Link header
// (rel first/prev/next/last, RFC 8288) out.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const DEFAULT_PER_PAGE = 25;

export interface Paging {
  page: number;
  perPage: number;
  limit: number;
  offset: number;
}

export interface ListEnvelope<T> {
  data: T[];
  pagination: { page: number; per_page: number; total: number; total_pages: number };
}

/** Bounds were already checked by the route's query schema. */
export function paging(query: { page?: number; per_page?: number }): Paging {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  return { page, perPage, limit: perPage, offset: (page - 1) * perPage };
}

/** The requested page of a list that was read whole (pages, groups, components are few). */
export function slice<T>(rows: readonly T[], at: Paging): T[] {
  return rows.slice(at.offset, at.offset + at.limit);
}

/** Sets the Link header and returns the envelope for one page of `total` items. */
export function pagedList<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  at: Paging,
  data: T[],
  total: number,
): ListEnvelope<T> {
  const totalPages = Math.ceil(total / at.perPage);
  const links: string[] = [];
  const link = (page: number, rel: string) =>
    links.push(`<${pageUrl(request, page, at.perPage)}>; rel="${rel}"`);
  if (totalPages > 0) link(1, 'first');
  if (at.page > 1 && totalPages > 0) link(Math.min(at.page - 1, totalPages), 'prev');
  if (at.page < totalPages) link(at.page + 1, 'next');
  if (totalPages > 0) link(totalPages, 'last');
  if (links.length > 0) void reply.header('link', links.join(', '));
  return {
    data,
    pagination: { page: at.page, per_page: at.perPage, total, total_pages: totalPages },
  };
}

/**
 * The same request with another page, as a path-absolute reference: the configured base URL
 * may not be how this client reached us, and RFC 8288 resolves relative links against the request.
 */
function pageUrl(request: FastifyRequest, page: number, perPage: number): string {
  const url = new URL(request.url, 'http://vigil.invalid');
  url.searchParams.set('page', String(page));
  url.searchParams.set('per_page', String(perPage));
  return `${url.pathname}${url.search}`;
}
