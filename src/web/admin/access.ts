// Who may see which admin page: before the first admin exists everything leads to setup; after,
// every page but sign-in needs a session, and every form post needs a valid CSRF token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebDependencies } from '../app.js';
import { sessionUser } from '../auth/session-cookie.js';
import { STYLESHEET_ROUTE } from './assets.js';
import { ADMIN_PREFIX, adminPaths } from './paths.js';
import { seeOther } from './respond.js';

const OPEN_ROUTES = new Set([`${ADMIN_PREFIX}${STYLESHEET_ROUTE}`]);
const SIGN_IN_ROUTES = new Set([adminPaths.setup, adminPaths.login]);

export function adminAccess(app: FastifyInstance, deps: WebDependencies): void {
  const { auth } = deps.services;
  // The last admin cannot be removed, so once one exists the question need not be asked again.
  let usersExist = false;
  const hasUsers = async (): Promise<boolean> => (usersExist ||= await auth.hasUsers());

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url;
    if (route && OPEN_ROUTES.has(route)) return;
    if (!(await hasUsers())) {
      if (route !== adminPaths.setup) return seeOther(reply, adminPaths.setup);
      return;
    }
    if (route && SIGN_IN_ROUTES.has(route)) return;
    if (await sessionUser(request, auth)) return;
    const next = request.method === 'GET' ? request.url : undefined;
    const target =
      next && next !== adminPaths.dashboard
        ? `${adminPaths.login}?next=${encodeURIComponent(next)}`
        : adminPaths.login;
    return seeOther(reply, target);
  });

  // The token travels in the form body, so the check runs once the body is parsed.
  app.addHook('preValidation', (request, reply, done) => {
    if (request.method !== 'POST') return done();
    app.csrfProtection(request, reply, done);
  });
}
