// The admin session cookie and the lookup of the signed-in user (only when a cookie is present,
// so anonymous public traffic never touches the database).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRow } from '../../store/schema.js';
import type { AuthService } from '../../services/auth-service.js';

export const SESSION_COOKIE = 'vigil_session';

const userCache = new WeakMap<FastifyRequest, Promise<UserRow | undefined>>();

export function sessionUser(
  request: FastifyRequest,
  auth: AuthService,
): Promise<UserRow | undefined> {
  let user = userCache.get(request);
  if (!user) {
    const token = request.cookies[SESSION_COOKIE];
    user = token ? auth.sessionUser(token) : Promise.resolve(undefined);
    userCache.set(request, user);
  }
  return user;
}

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
  secure: boolean,
): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
