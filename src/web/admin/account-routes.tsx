// The administrator's own account: changing the password, which needs the current one so a
// borrowed session cannot lock the owner out.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationError, ValidationError } from '../../domain/errors.js';
import type { WebDependencies } from '../app.js';
import { SESSION_COOKIE } from '../auth/session-cookie.js';
import { requireSamePassword, text, type FieldErrors } from './form-values.js';
import { adminPaths } from './paths.js';
import { adminView, saveForm, sendHtml } from './respond.js';
import { signedInAdmin } from './signed-in.js';
import { AccountPage } from './views/account-view.js';

export function accountRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { auth } = deps.services;

  const signedIn = (request: FastifyRequest) => signedInAdmin(request, auth);

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    errors: FieldErrors,
    status: number,
  ) {
    const [view, user] = await Promise.all([adminView(request, reply, deps), signedIn(request)]);
    return sendHtml(
      reply,
      <AccountPage view={view} email={user.email} form={{ values: {}, errors }} />,
      status,
    );
  }

  app.get('/account', async (request, reply) => show(request, reply, {}, 200));

  app.post('/account/password', async (request, reply) => {
    const user = await signedIn(request);
    return saveForm(request, reply, deps, {
      save: async (values) => {
        try {
          await auth.verifyLogin(user.email, text(values, 'current_password') ?? '');
        } catch (error) {
          if (error instanceof AuthenticationError)
            throw new ValidationError('current_password', 'the current password is not right');
          throw error;
        }
        requireSamePassword(values);
        // Signs out every other session (a stolen cookie stops working), keeps this one.
        await auth.changePassword(
          user.id,
          text(values, 'password') ?? '',
          request.cookies[SESSION_COOKIE],
        );
        return {
          message: 'Password changed; other sessions were signed out.',
          next: adminPaths.account,
        };
      },
      // Passwords are never sent back, so only the messages are shown again.
      showAgain: (form, status) => show(request, reply, form.errors, status),
    });
  });
}
