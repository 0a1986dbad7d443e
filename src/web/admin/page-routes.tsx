// Status pages in the admin: the dashboard list, create, view (components and open incidents),
// edit and delete.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PageInput } from '../../services/status-page-service.js';
import type { PageRow } from '../../store/schema.js';
import type { WebDependencies } from '../app.js';
import { deletionRoutes } from './deletion-routes.js';
import { checked, text, type FormValues } from './form-values.js';
import { openIncidents, openMaintenances, pageSummaries } from './page-summaries.js';
import { adminPaths } from './paths.js';
import { adminView, saveForm, sendHtml } from './respond.js';
import { blankForm, type FormState } from './views/form-controls.js';
import { PageDetailPage } from './views/page-detail.js';
import { PageFormPage, pageFormValues } from './views/page-form.js';
import { PageListPage } from './views/page-list.js';

type IdParams = { Params: { id: string } };

function pageInput(values: FormValues, creating: boolean): PageInput {
  return {
    name: text(values, 'name') ?? '',
    slug: (text(values, 'slug') ?? '').trim(),
    description: text(values, 'description') ?? '',
    url: text(values, 'url')?.trim() ?? '',
    time_zone: text(values, 'time_zone') ?? 'Etc/UTC',
    is_private: checked(values, 'is_private'),
    // Unticking never unsets the default: another page has to become it (the service insists).
    ...(checked(values, 'is_default')
      ? { is_default: true }
      : creating
        ? { is_default: false }
        : {}),
  };
}

export function pageRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { services } = deps;

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
    page?: PageRow,
  ) {
    const view = await adminView(request, reply, deps);
    return sendHtml(reply, <PageFormPage view={view} form={form} page={page} />, status);
  }

  app.get('/pages', async (request, reply) => {
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <PageListPage
        view={view}
        pages={await pageSummaries(services)}
        baseUrl={deps.config.baseUrl}
      />,
    );
  });

  app.get('/pages/new', async (request, reply) =>
    showForm(request, reply, blankForm({ time_zone: 'Etc/UTC' })),
  );

  app.post('/pages', async (request, reply) =>
    saveForm(request, reply, deps, {
      save: async (values) => {
        const page = await services.pages.createPage(pageInput(values, true));
        return {
          message: `Page “${page.name}” created. Add its components next.`,
          next: adminPaths.page(page.id),
        };
      },
      showAgain: (form, status) => showForm(request, reply, form, status),
    }),
  );

  app.get<IdParams>('/pages/:id', async (request, reply) => {
    const page = await services.pages.getPage(request.params.id);
    const [groups, components, incidents, maintenances] = await Promise.all([
      services.pages.listGroups(page.id),
      services.pages.listComponents(page.id),
      openIncidents(services, page.id),
      openMaintenances(services, page.id),
    ]);
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <PageDetailPage
        view={view}
        detail={{ page, groups, components, incidents, maintenances, baseUrl: deps.config.baseUrl }}
      />,
    );
  });

  app.get<IdParams>('/pages/:id/edit', async (request, reply) => {
    const page = await services.pages.getPage(request.params.id);
    return showForm(request, reply, blankForm(pageFormValues(page)), 200, page);
  });

  app.post<IdParams>('/pages/:id/edit', async (request, reply) => {
    const page = await services.pages.getPage(request.params.id);
    return saveForm(request, reply, deps, {
      save: async (values) => {
        const updated = await services.pages.updatePage(page.id, pageInput(values, false));
        return { message: `Page “${updated.name}” saved.`, next: adminPaths.page(page.id) };
      },
      showAgain: (form, status) => showForm(request, reply, form, status, page),
    });
  });

  deletionRoutes(app, deps, {
    route: '/pages/:id/delete',
    section: 'pages',
    find: (id) => services.pages.getPage(id),
    confirm: (page) => ({
      title: `Delete ${page.name}?`,
      message:
        'The page, its groups, components, incidents and maintenance are deleted for good. Visitors of its address get “not found”.',
      action: adminPaths.deletePage(page.id),
      button: 'Delete page',
      cancel: adminPaths.page(page.id),
    }),
    remove: (page) => services.pages.deletePage(page.id),
    deleted: (page) => ({ message: `Page “${page.name}” deleted.`, next: adminPaths.pages }),
  });
}
