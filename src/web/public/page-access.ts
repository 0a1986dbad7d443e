// Finds the snapshot a public request is about (default page or /s/:slug) and enforces private
// pages: visitors without an admin session are sent to the login page (HTML) or refused (401).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PageSnapshot } from '../../cache/page-snapshots.js';
import { AuthenticationError, NotFoundError } from '../../domain/errors.js';
import type { WebDependencies } from '../app.js';
import { sessionUser } from '../auth/session-cookie.js';

const SLUG = /^[a-z0-9-]{1,63}$/;

export type PageAccess =
  | { kind: 'ok'; snapshot: PageSnapshot }
  | { kind: 'missing'; slug: string | undefined }
  | { kind: 'login' };

export async function accessPage(
  deps: WebDependencies,
  request: FastifyRequest,
  slug: string | undefined,
): Promise<PageAccess> {
  // Malformed slugs cannot exist, so they never reach the database.
  if (slug !== undefined && !SLUG.test(slug)) return { kind: 'missing', slug };
  const snapshot = await deps.snapshots.get(slug);
  if (!snapshot) return { kind: 'missing', slug };
  if (snapshot.page.is_private && !(await sessionUser(request, deps.services.auth))) {
    return { kind: 'login' };
  }
  return { kind: 'ok', snapshot };
}

/** For feeds and badges: the snapshot, or a JSON 404/401 error. */
export async function requirePage(
  deps: WebDependencies,
  request: FastifyRequest,
  slug: string | undefined,
): Promise<PageSnapshot> {
  const access = await accessPage(deps, request, slug);
  if (access.kind === 'missing') throw new NotFoundError('status page', slug ?? '(default)');
  if (access.kind === 'login') throw new AuthenticationError('sign in to view this private page');
  return access.snapshot;
}

export function redirectToLogin(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const next = encodeURIComponent(request.url);
  return reply
    .header('cache-control', 'private, no-store')
    .redirect(`/admin/login?next=${next}`, 302);
}
