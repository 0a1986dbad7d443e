// Probe tokens in the admin: one per probe agent, bound to a region. Create (the token is shown
// once, on the answer to the form), list without secrets, and revoke after a confirmation.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebDependencies } from '../app.js';
import { deletionRoutes } from './deletion-routes.js';
import { formValues, text } from './form-values.js';
import { adminPaths } from './paths.js';
import { adminView, sendHtml, submitForm } from './respond.js';
import { blankForm, type FormState } from './views/form-controls.js';
import { NewProbeTokenPage, ProbeTokenListPage } from './views/probe-token-views.js';

export function probeTokenRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { probeTokens } = deps.services;

  async function showList(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
  ) {
    const [view, tokens] = await Promise.all([adminView(request, reply, deps), probeTokens.list()]);
    // Newest first, like the other credential lists.
    const newestFirst = [...tokens].reverse();
    return sendHtml(
      reply,
      <ProbeTokenListPage view={view} form={form} tokens={newestFirst} />,
      status,
    );
  }

  app.get('/probe-tokens', async (request, reply) => showList(request, reply, blankForm()));

  app.post('/probe-tokens', async (request, reply) => {
    const values = formValues(request.body);
    return submitForm(
      async () => {
        const created = await probeTokens.create({
          region: text(values, 'region')?.trim() ?? '',
          name: text(values, 'name') ?? '',
        });
        request.log.info(
          { probeTokenId: created.token.id, region: created.token.region },
          'probe token created in the admin',
        );
        const view = await adminView(request, reply, deps);
        return sendHtml(
          reply,
          <NewProbeTokenPage view={view} token={created.token} secret={created.secret} />,
          201,
        );
      },
      (errors, status) => showList(request, reply, { values, errors }, status),
    );
  });

  deletionRoutes(app, deps, {
    route: '/probe-tokens/:id/revoke',
    section: 'monitors',
    find: (id) => probeTokens.get(id),
    confirm: (token) => ({
      title: `Revoke the token of ${token.name || token.region}?`,
      message: `Probe agents using this token are refused from now on, and region ${token.region} loses them. This cannot be undone.`,
      action: adminPaths.revokeProbeToken(token.id),
      button: 'Revoke token',
      cancel: adminPaths.probeTokens,
    }),
    // A second revoke (a resent form) changes nothing and is not worth an error page.
    remove: async (token) => {
      if (!token.revoked_at) await probeTokens.revoke(token.id);
    },
    deleted: (token) => ({
      message: `Probe token “${token.name || token.region}” revoked.`,
      next: adminPaths.probeTokens,
    }),
  });
}
