// Authentication of the management API: `Authorization: Bearer <api key>` (scope read or write) or
// the admin session cookie; safe methods need read, everything else write. A route that reads
// personal data (status-page subscribers) says `config: { readScope: 'write' }`: a read key
// handed to a dashboard or a monitoring script must not be able to export every address.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationError, PermissionError } from '../../domain/errors.js';
import type { Services } from '../../services/index.js';
import { sessionUser } from './session-cookie.js';

export type ApiPrincipal =
  | { kind: 'api_key'; id: string; scope: 'read' | 'write' }
  | { kind: 'user'; id: string; scope: 'write' };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    principal?: ApiPrincipal;
  }
  interface FastifyContextConfig {
    /** The scope a GET of this route needs (default read). */
    readScope?: 'read' | 'write';
  }
}

export function apiAuthentication(services: Services) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const principal = await resolvePrincipal(request, services);
    if (!principal)
      throw new AuthenticationError(
        'send Authorization: Bearer <api key>, or sign in to the admin',
      );
    if (principal.scope !== 'write') {
      if (!SAFE_METHODS.has(request.method))
        throw new PermissionError('this API key has scope read; this request needs scope write');
      if (request.routeOptions.config.readScope === 'write')
        throw new PermissionError(
          'this API key has scope read; reading personal data needs scope write',
        );
    }
    request.principal = principal;
  };
}

async function resolvePrincipal(
  request: FastifyRequest,
  services: Services,
): Promise<ApiPrincipal | undefined> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new AuthenticationError('the Authorization header must be "Bearer <api key>"');
    const key = await services.apiKeys.authenticate(match[1]!);
    if (!key) throw new AuthenticationError('the API key is unknown or revoked');
    return { kind: 'api_key', id: key.id, scope: key.scope };
  }
  const user = await sessionUser(request, services.auth);
  return user ? { kind: 'user', id: user.id, scope: 'write' } : undefined;
}
