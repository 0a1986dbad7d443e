// First-run setup, sign-in and sign-out of the admin. Attempts are rate limited per client address,
// and a failed sign-in never says whether the e-mail exists.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationError } from '../../domain/errors.js';
import type { UserRow } from '../../store/schema.js';
import type { WebDependencies } from '../app.js';
import {
  SESSION_COOKIE,
  clearSessionCookie,
  sessionUser,
  setSessionCookie,
} from '../auth/session-cookie.js';
import { setFlash } from './flash.js';
import { formValues, requireSamePassword, text } from './form-values.js';
import { safeNextPath } from './next-path.js';
import { adminPaths } from './paths.js';
import { adminView, saveForm, sendHtml, seeOther } from './respond.js';
import { blankForm, type FormState } from './views/form-controls.js';
import { LoginPage, SetupPage } from './views/sign-in.js';

export function signInRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { auth } = deps.services;
  const secure = deps.config.secureCookies;
  const rateLimit = {
    rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
  };

  async function startSession(reply: FastifyReply, user: UserRow): Promise<void> {
    const session = await auth.startSession(user.id);
    setSessionCookie(reply, session.token, session.expiresAt, secure);
  }

  async function showSetup(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
  ) {
    const view = await adminView(request, reply, deps);
    return sendHtml(reply, <SetupPage view={view} form={form} />, status);
  }

  app.get('/setup', async (request, reply) => {
    if (await auth.hasUsers()) return seeOther(reply, adminPaths.login);
    return showSetup(request, reply, blankForm());
  });

  app.post('/setup', { config: rateLimit }, async (request, reply) => {
    if (await auth.hasUsers()) return seeOther(reply, adminPaths.login);
    return saveForm(request, reply, deps, {
      save: async (values) => {
        requireSamePassword(values);
        const user = await auth.completeSetup(text(values, 'token') ?? '', {
          email: text(values, 'email') ?? '',
          password: text(values, 'password') ?? '',
        });
        request.log.info({ email: user.email }, 'first admin created through setup');
        await startSession(reply, user);
        return {
          message: 'Welcome to Vigil. Start by creating a status page.',
          next: adminPaths.dashboard,
        };
      },
      showAgain: (form, status) => showSetup(request, reply, form, status),
    });
  });

  app.get('/login', async (request, reply) => {
    const next = safeNextPath((request.query as Record<string, unknown>).next);
    if (await sessionUser(request, auth)) return seeOther(reply, next ?? adminPaths.dashboard);
    const view = await adminView(request, reply, deps);
    return sendHtml(reply, <LoginPage view={view} form={{ values: {}, errors: {} }} next={next} />);
  });

  app.post('/login', { config: rateLimit }, async (request, reply) => {
    const values = formValues(request.body);
    const next = safeNextPath(text(values, 'next'));
    try {
      const user = await auth.verifyLogin(
        text(values, 'email') ?? '',
        text(values, 'password') ?? '',
      );
      await startSession(reply, user);
      return seeOther(reply, next ?? adminPaths.dashboard);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      request.log.info({ ip: request.ip }, 'admin sign-in failed');
      const view = await adminView(request, reply, deps);
      const form = {
        values: { email: text(values, 'email') ?? '' },
        errors: { email: 'Wrong e-mail or password' },
      };
      return sendHtml(reply, <LoginPage view={view} form={form} next={next} />, 401);
    }
  });

  app.post('/logout', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await auth.endSession(token);
    clearSessionCookie(reply, secure);
    setFlash(reply, secure, 'You are signed out.', 'info');
    return seeOther(reply, adminPaths.login);
  });
}
