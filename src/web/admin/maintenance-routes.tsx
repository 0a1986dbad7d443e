// Scheduled maintenance in the admin: schedule a window (start and end typed in the page's time
// zone, stored in UTC), post updates, edit the window and delete.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INCIDENT_STATUS_LABELS, isMaintenanceStatus } from '../../domain/status.js';
import type { IncidentDetail } from '../../store/incident-repository.js';
import type { PageRow } from '../../store/schema.js';
import type { WebDependencies } from '../app.js';
import { setFlash } from './flash.js';
import {
  checked,
  filled,
  formValues,
  list,
  text,
  type FieldErrors,
  type FormValues,
} from './form-values.js';
import { HISTORY_PAGE_SIZE, openMaintenances } from './page-summaries.js';
import { adminPaths } from './paths.js';
import { adminView, sendHtml, seeOther, submitForm } from './respond.js';
import { ConfirmPage, pageNumber } from './views/common.js';
import { ChoosePagePage } from './views/incident-forms.js';
import { IncidentListPage } from './views/incident-list.js';
import { MaintenancePage, NewMaintenancePage } from './views/maintenance-views.js';
import { utcToZonedLocal, zonedLocalToUtc } from './zoned-time.js';

type IdParams = { Params: { id: string } };
type Form = { values: FormValues; errors: FieldErrors };

/** The window as UTC instants for the service, read from the page's local wall-clock times. */
function scheduleInput(values: FormValues, page: PageRow) {
  return {
    scheduled_for: zonedLocalToUtc(
      'scheduled_for',
      text(values, 'scheduled_for'),
      page.time_zone,
    ).toISOString(),
    scheduled_until: zonedLocalToUtc(
      'scheduled_until',
      text(values, 'scheduled_until'),
      page.time_zone,
    ).toISOString(),
    auto_transition: checked(values, 'auto_transition'),
  };
}

export function maintenanceRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { services } = deps;
  const secure = deps.config.secureCookies;

  async function showNew(
    request: FastifyRequest,
    reply: FastifyReply,
    page: PageRow,
    form: Form,
    status: number,
  ) {
    const [view, components] = await Promise.all([
      adminView(request, reply, deps),
      services.pages.listComponents(page.id),
    ]);
    return sendHtml(
      reply,
      <NewMaintenancePage view={view} form={form} page={page} components={components} />,
      status,
    );
  }

  async function showMaintenance(
    request: FastifyRequest,
    reply: FastifyReply,
    maintenance: IncidentDetail,
    forms: { update?: Form; edit?: Form },
    status = 200,
  ) {
    const [view, page] = await Promise.all([
      adminView(request, reply, deps),
      services.pages.getPage(maintenance.page_id),
    ]);
    const editValues = {
      name: maintenance.name,
      scheduled_for: utcToZonedLocal(maintenance.scheduled_for!, page.time_zone),
      scheduled_until: utcToZonedLocal(maintenance.scheduled_until!, page.time_zone),
      ...(maintenance.auto_transition ? { auto_transition: 'true' } : {}),
    };
    return sendHtml(
      reply,
      <MaintenancePage
        view={view}
        maintenance={maintenance}
        page={page}
        updateForm={forms.update ?? { values: { status: maintenance.status }, errors: {} }}
        editForm={forms.edit ?? { values: editValues, errors: {} }}
      />,
      status,
    );
  }

  app.get('/maintenances', async (request, reply) => {
    const page = pageNumber(request.query);
    const [view, pages, open, history] = await Promise.all([
      adminView(request, reply, deps),
      services.pages.listPages(),
      openMaintenances(services),
      services.incidents.list({
        kind: 'maintenance',
        limit: HISTORY_PAGE_SIZE,
        offset: (page - 1) * HISTORY_PAGE_SIZE,
      }),
    ]);
    return sendHtml(
      reply,
      <IncidentListPage
        view={view}
        kind="maintenance"
        open={open}
        all={history.incidents}
        total={history.total}
        pages={pages}
        page={page}
        pageSize={HISTORY_PAGE_SIZE}
      />,
    );
  });

  app.get('/maintenances/new', async (request, reply) => {
    const pageId = (request.query as Record<string, unknown>).page;
    const pages = await services.pages.listPages();
    const page =
      typeof pageId === 'string'
        ? await services.pages.getPage(pageId)
        : pages.length === 1
          ? pages[0]
          : undefined;
    if (!page) {
      const view = await adminView(request, reply, deps);
      return sendHtml(reply, <ChoosePagePage view={view} kind="maintenance" pages={pages} />);
    }
    return showNew(request, reply, page, { values: { auto_transition: 'true' }, errors: {} }, 200);
  });

  app.post('/maintenances', async (request, reply) => {
    const values = formValues(request.body);
    const page = await services.pages.getPage(text(values, 'page_id') ?? '');
    return submitForm(
      async () => {
        const maintenance = await services.incidents.createMaintenance(page.id, {
          name: text(values, 'name') ?? '',
          body: text(values, 'body') ?? '',
          component_ids: list(values, 'component_ids'),
          ...scheduleInput(values, page),
        });
        setFlash(reply, secure, `Maintenance “${maintenance.name}” scheduled.`);
        return seeOther(reply, adminPaths.maintenance(maintenance.id));
      },
      (errors, status) => showNew(request, reply, page, { values, errors }, status),
    );
  });

  app.get<IdParams>('/maintenances/:id', async (request, reply) => {
    const maintenance = await services.incidents.get(request.params.id, 'maintenance');
    return showMaintenance(request, reply, maintenance, {});
  });

  app.post<IdParams>('/maintenances/:id/updates', async (request, reply) => {
    const maintenance = await services.incidents.get(request.params.id, 'maintenance');
    const values = formValues(request.body);
    return submitForm(
      async () => {
        const updated = await services.incidents.postUpdate(maintenance.id, {
          status: filled(values, 'status'),
          body: text(values, 'body') ?? '',
        });
        const label = isMaintenanceStatus(updated.status)
          ? INCIDENT_STATUS_LABELS[updated.status]
          : updated.status;
        setFlash(reply, secure, `Update posted; the maintenance is ${label.toLowerCase()}.`);
        return seeOther(reply, adminPaths.maintenance(maintenance.id));
      },
      (errors, status) =>
        showMaintenance(request, reply, maintenance, { update: { values, errors } }, status),
    );
  });

  app.post<IdParams>('/maintenances/:id', async (request, reply) => {
    const maintenance = await services.incidents.get(request.params.id, 'maintenance');
    const page = await services.pages.getPage(maintenance.page_id);
    const values = formValues(request.body);
    return submitForm(
      async () => {
        await services.incidents.edit(maintenance.id, {
          name: text(values, 'name') ?? '',
          ...scheduleInput(values, page),
        });
        setFlash(reply, secure, 'Maintenance saved.');
        return seeOther(reply, adminPaths.maintenance(maintenance.id));
      },
      (errors, status) =>
        showMaintenance(request, reply, maintenance, { edit: { values, errors } }, status),
    );
  });

  app.get<IdParams>('/maintenances/:id/delete', async (request, reply) => {
    const maintenance = await services.incidents.get(request.params.id, 'maintenance');
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <ConfirmPage
        view={view}
        section="maintenances"
        title={`Delete ${maintenance.name}?`}
        message="The maintenance and its updates are deleted for good. Component statuses stay as they are."
        action={adminPaths.deleteMaintenance(maintenance.id)}
        button="Delete maintenance"
        cancel={adminPaths.maintenance(maintenance.id)}
      />,
    );
  });

  app.post<IdParams>('/maintenances/:id/delete', async (request, reply) => {
    const maintenance = await services.incidents.get(request.params.id, 'maintenance');
    await services.incidents.delete(maintenance.id);
    setFlash(reply, secure, `Maintenance “${maintenance.name}” deleted.`);
    return seeOther(reply, adminPaths.maintenances);
  });
}
