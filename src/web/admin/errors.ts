// Errors inside the admin become HTML pages (the JSON shape is for API clients): 403 for a bad
// CSRF token, 404 for an unknown id or path, 429 when sign-in is rate limited.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebDependencies } from '../app.js';
import { logFailure, retryLater, toErrorResponse } from '../errors.js';
import { adminView, sendHtml } from './respond.js';
import { ErrorPage } from './views/error-page.js';
import type { AdminView } from './views/layout.js';

const RATE_LIMITED = 'Too many attempts from your address. Wait a minute, then try again.';

export function adminErrorPages(app: FastifyInstance, deps: WebDependencies): void {
  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    message: string,
  ): Promise<FastifyReply> {
    let view: AdminView;
    try {
      view = await adminView(request, reply, deps);
    } catch {
      // The page must still render when the database behind the session lookup is what failed.
      view = { csrf: '' };
    }
    return sendHtml(reply, ErrorPage({ view, status, message }), status);
  }

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const { status, body } = toErrorResponse(error);
    logFailure(request, error, status, deps.databaseOutage);
    retryLater(reply, status);
    return render(request, reply, status, status === 429 ? RATE_LIMITED : body.error.message);
  });

  app.setNotFoundHandler(async (request, reply) =>
    render(request, reply, 404, 'There is no admin page at this address.'),
  );
}
