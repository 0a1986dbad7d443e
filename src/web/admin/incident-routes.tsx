// Incidents in the admin: the list, opening one with affected components, its page with updates,
// posting updates (investigating → identified → monitoring → resolved), editing and deleting.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INCIDENT_STATUS_LABELS, isIncidentStatus } from '../../domain/status.js';
import type { IncidentDetail } from '../../store/incident-repository.js';
import type { PageRow } from '../../store/schema.js';
import type { WebDependencies } from '../app.js';
import { setFlash } from './flash.js';
import {
  filled,
  formValues,
  prefixed,
  text,
  type FieldErrors,
  type FormValues,
} from './form-values.js';
import { HISTORY_PAGE_SIZE, openIncidents } from './page-summaries.js';
import { adminPaths } from './paths.js';
import { adminView, sendHtml, seeOther, submitForm } from './respond.js';
import { ConfirmPage, pageNumber } from './views/common.js';
import { IncidentPage } from './views/incident-detail.js';
import { ChoosePagePage, NewIncidentPage } from './views/incident-forms.js';
import { IncidentListPage } from './views/incident-list.js';

type IdParams = { Params: { id: string } };

interface IncidentForms {
  update?: { values: FormValues; errors: FieldErrors };
  edit?: { values: FormValues; errors: FieldErrors };
}

export function incidentRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { services } = deps;
  const secure = deps.config.secureCookies;

  async function showNew(
    request: FastifyRequest,
    reply: FastifyReply,
    page: PageRow,
    form: { values: FormValues; errors: FieldErrors },
    status: number,
  ) {
    const [view, components] = await Promise.all([
      adminView(request, reply, deps),
      services.pages.listComponents(page.id),
    ]);
    return sendHtml(
      reply,
      <NewIncidentPage view={view} form={form} page={page} components={components} />,
      status,
    );
  }

  async function showIncident(
    request: FastifyRequest,
    reply: FastifyReply,
    incident: IncidentDetail,
    forms: IncidentForms,
    status = 200,
  ) {
    const [view, page, components] = await Promise.all([
      adminView(request, reply, deps),
      services.pages.getPage(incident.page_id),
      services.pages.listComponents(incident.page_id),
    ]);
    const updateForm = forms.update ?? { values: { status: incident.status }, errors: {} };
    const editForm = forms.edit ?? {
      values: { name: incident.name, impact: incident.impact },
      errors: {},
    };
    return sendHtml(
      reply,
      <IncidentPage
        view={view}
        incident={incident}
        page={page}
        components={components}
        updateForm={updateForm}
        editForm={editForm}
      />,
      status,
    );
  }

  app.get('/incidents', async (request, reply) => {
    const page = pageNumber(request.query);
    const [view, pages, open, history] = await Promise.all([
      adminView(request, reply, deps),
      services.pages.listPages(),
      openIncidents(services),
      services.incidents.list({
        kind: 'incident',
        limit: HISTORY_PAGE_SIZE,
        offset: (page - 1) * HISTORY_PAGE_SIZE,
      }),
    ]);
    return sendHtml(
      reply,
      <IncidentListPage
        view={view}
        kind="incident"
        open={open}
        all={history.incidents}
        total={history.total}
        pages={pages}
        page={page}
        pageSize={HISTORY_PAGE_SIZE}
      />,
    );
  });

  app.get('/incidents/new', async (request, reply) => {
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
      return sendHtml(reply, <ChoosePagePage view={view} kind="incident" pages={pages} />);
    }
    return showNew(
      request,
      reply,
      page,
      { values: { status: 'investigating', impact: 'minor' }, errors: {} },
      200,
    );
  });

  app.post('/incidents', async (request, reply) => {
    const values = formValues(request.body);
    const page = await services.pages.getPage(text(values, 'page_id') ?? '');
    return submitForm(
      async () => {
        const incident = await services.incidents.createIncident(page.id, {
          name: text(values, 'name') ?? '',
          status: filled(values, 'status'),
          impact: filled(values, 'impact'),
          body: text(values, 'body') ?? '',
          components: prefixed(values, 'components'),
        });
        setFlash(
          reply,
          secure,
          `Incident “${incident.name}” opened. It is on the public page now.`,
        );
        return seeOther(reply, adminPaths.incident(incident.id));
      },
      (errors, status) => showNew(request, reply, page, { values, errors }, status),
    );
  });

  app.get<IdParams>('/incidents/:id', async (request, reply) => {
    const incident = await services.incidents.get(request.params.id, 'incident');
    return showIncident(request, reply, incident, {});
  });

  app.post<IdParams>('/incidents/:id/updates', async (request, reply) => {
    const incident = await services.incidents.get(request.params.id, 'incident');
    const values = formValues(request.body);
    return submitForm(
      async () => {
        const updated = await services.incidents.postUpdate(incident.id, {
          status: filled(values, 'status'),
          body: text(values, 'body') ?? '',
          components: prefixed(values, 'components'),
        });
        const label = isIncidentStatus(updated.status)
          ? INCIDENT_STATUS_LABELS[updated.status]
          : updated.status;
        setFlash(reply, secure, `Update posted; the incident is ${label.toLowerCase()}.`);
        return seeOther(reply, adminPaths.incident(incident.id));
      },
      (errors, status) =>
        showIncident(request, reply, incident, { update: { values, errors } }, status),
    );
  });

  app.post<IdParams>('/incidents/:id', async (request, reply) => {
    const incident = await services.incidents.get(request.params.id, 'incident');
    const values = formValues(request.body);
    return submitForm(
      async () => {
        await services.incidents.edit(incident.id, {
          name: text(values, 'name') ?? '',
          impact: filled(values, 'impact'),
        });
        setFlash(reply, secure, 'Incident saved.');
        return seeOther(reply, adminPaths.incident(incident.id));
      },
      (errors, status) =>
        showIncident(request, reply, incident, { edit: { values, errors } }, status),
    );
  });

  app.get<IdParams>('/incidents/:id/delete', async (request, reply) => {
    const incident = await services.incidents.get(request.params.id, 'incident');
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <ConfirmPage
        view={view}
        section="incidents"
        title={`Delete ${incident.name}?`}
        message="The incident and all its updates are deleted for good. Component statuses stay as they are; set them on the page if needed."
        action={adminPaths.deleteIncident(incident.id)}
        button="Delete incident"
        cancel={adminPaths.incident(incident.id)}
      />,
    );
  });

  app.post<IdParams>('/incidents/:id/delete', async (request, reply) => {
    const incident = await services.incidents.get(request.params.id, 'incident');
    await services.incidents.delete(incident.id);
    setFlash(reply, secure, `Incident “${incident.name}” deleted.`);
    return seeOther(reply, adminPaths.incidents);
  });
}
