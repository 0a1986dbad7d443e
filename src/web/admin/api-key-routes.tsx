// API keys in the admin: create (the secret is shown once, on the answer to the form, never
// stored or redirected through a URL), list page by page, and revoke.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebDependencies } from '../app.js';
import { setFlash } from './flash.js';
import { formValues, text } from './form-values.js';
import { adminPaths } from './paths.js';
import { adminView, sendHtml, seeOther, submitForm } from './respond.js';
import { ApiKeyListPage, NewApiKeyPage } from './views/api-key-views.js';
import { pageNumber } from './views/common.js';
import { ConfirmPage } from './views/deletion.js';
import { blankForm, type FormState } from './views/form-controls.js';

type IdParams = { Params: { id: string } };
/** Keys per page of the list, newest first. */
const API_KEY_PAGE_SIZE = 25;

export function apiKeyRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { apiKeys } = deps.services;
  const secure = deps.config.secureCookies;

  async function showList(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
    page = 1,
  ) {
    const { keys, total } = await apiKeys.list(API_KEY_PAGE_SIZE, (page - 1) * API_KEY_PAGE_SIZE);
    const lastPage = Math.max(1, Math.ceil(total / API_KEY_PAGE_SIZE));
    // A page past the end (keys were revoked away, or an old link) leads to the last one.
    if (page > lastPage) return seeOther(reply, `${adminPaths.apiKeys}?p=${lastPage}`);
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <ApiKeyListPage
        view={view}
        form={form}
        keys={keys}
        paging={{ page, pageSize: API_KEY_PAGE_SIZE, total }}
      />,
      status,
    );
  }

  app.get('/api-keys', async (request, reply) =>
    showList(request, reply, blankForm({ scope: 'read' }), 200, pageNumber(request.query)),
  );

  app.post('/api-keys', async (request, reply) => {
    const values = formValues(request.body);
    return submitForm(
      async () => {
        const created = await apiKeys.create({
          name: text(values, 'name') ?? '',
          scope: text(values, 'scope') ?? 'read',
        });
        request.log.info(
          { apiKeyId: created.key.id, scope: created.key.scope },
          'API key created in the admin',
        );
        const view = await adminView(request, reply, deps);
        return sendHtml(
          reply,
          <NewApiKeyPage view={view} apiKey={created.key} secret={created.secret} />,
          201,
        );
      },
      (errors, status) => showList(request, reply, { values, errors }, status),
    );
  });

  app.get<IdParams>('/api-keys/:id/revoke', async (request, reply) => {
    const key = await apiKeys.get(request.params.id);
    if (key.revoked_at) return seeOther(reply, adminPaths.apiKeys);
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <ConfirmPage
        view={view}
        section="api-keys"
        title={`Revoke ${key.name}?`}
        message="Requests with this key are refused from now on. This cannot be undone."
        action={adminPaths.revokeApiKey(key.id)}
        button="Revoke key"
        cancel={adminPaths.apiKeys}
      />,
    );
  });

  app.post<IdParams>('/api-keys/:id/revoke', async (request, reply) => {
    const key = await apiKeys.get(request.params.id);
    if (!key.revoked_at) await apiKeys.revoke(key.id);
    setFlash(reply, secure, `API key “${key.name}” revoked.`);
    return seeOther(reply, adminPaths.apiKeys);
  });
}
