// The admin a request is signed in as, for pages about "you" (own account, own row in the admins).
import type { FastifyRequest } from 'fastify';
import { AuthenticationError } from '../../domain/errors.js';
import type { AuthService } from '../../services/auth-service.js';
import type { UserRow } from '../../store/schema.js';
import { sessionUser } from '../auth/session-cookie.js';

/** The access hook has already turned away requests without a session; this only names the user. */
export async function signedInAdmin(request: FastifyRequest, auth: AuthService): Promise<UserRow> {
  const user = await sessionUser(request, auth);
  if (!user) throw new AuthenticationError();
  return user;
}
