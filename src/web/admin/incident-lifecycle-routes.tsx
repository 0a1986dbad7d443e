// The routes incidents and maintenances share, registered once per kind: the list, the form that
// creates one, its page, posting and correcting updates, editing, and deleting after confirmation.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.js';
import type {
  IncidentInput,
  MaintenanceInput,
  UpdateInput,
} from '../../services/incident-service.js';
import type { IncidentDetail } from '../../store/incident-repository.js';
import type { PageRow } from '../../store/schema.js';
import type { WebDependencies } from '../app.js';
import { deletionRoutes } from './deletion-routes.js';
import { formValues, text, type FormValues } from './form-values.js';
import type { AdminIncidentKind } from './incident-kinds.js';
import { HISTORY_PAGE_SIZE } from './page-summaries.js';
import { adminView, saveForm, sendHtml } from './respond.js';
import { updateEditRoutes } from './update-edit-routes.js';
import { pageNumber, statusLabel } from './views/common.js';
import { blankForm, type FormState } from './views/form-controls.js';
import {
  ChoosePagePage,
  type IncidentPageProps,
  type NewIncidentProps,
} from './views/incident-frames.js';
import { IncidentListPage } from './views/incident-list.js';

type IdParams = { Params: { id: string } };

/** What one kind brings to the shared routes: its words and URLs, its pages and its service inputs. */
export interface IncidentKindRoutes {
  kind: AdminIncidentKind;
  /** The open ones, listed above the history. */
  listOpen(services: Services): Promise<IncidentDetail[]>;
  /** The create form as it first appears. */
  newFormValues: FormValues;
  NewPage(props: NewIncidentProps): JSX.Element;
  create(services: Services, page: PageRow, values: FormValues): Promise<IncidentDetail>;
  createdMessage(incident: IncidentDetail): string;
  OnePage(props: IncidentPageProps): JSX.Element;
  updateInput(values: FormValues): UpdateInput;
  /** The edit form filled in from the stored incident, times in the page's zone. */
  editValues(incident: IncidentDetail, page: PageRow): FormValues;
  editInput(values: FormValues, page: PageRow): IncidentInput & MaintenanceInput;
  /** Said on the confirmation page before deleting. */
  deleteWarning: string;
}

export function incidentLifecycleRoutes(
  app: FastifyInstance,
  deps: WebDependencies,
  spec: IncidentKindRoutes,
): void {
  const { services } = deps;
  const { kind } = spec;
  const base = `/${kind.section}`;
  const capitalised = `${kind.noun.charAt(0).toUpperCase()}${kind.noun.slice(1)}`;
  const find = (id: string) => services.incidents.get(id, kind.kind);

  async function showNew(
    request: FastifyRequest,
    reply: FastifyReply,
    page: PageRow,
    form: FormState,
    status = 200,
  ) {
    const [view, components] = await Promise.all([
      adminView(request, reply, deps),
      services.pages.listComponents(page.id),
    ]);
    return sendHtml(
      reply,
      <spec.NewPage view={view} form={form} page={page} components={components} />,
      status,
    );
  }

  async function showOne(
    request: FastifyRequest,
    reply: FastifyReply,
    incident: IncidentDetail,
    forms: { update?: FormState; edit?: FormState },
    status = 200,
  ) {
    const [view, page, components] = await Promise.all([
      adminView(request, reply, deps),
      services.pages.getPage(incident.page_id),
      services.pages.listComponents(incident.page_id),
    ]);
    return sendHtml(
      reply,
      <spec.OnePage
        view={view}
        incident={incident}
        page={page}
        components={components}
        updateForm={forms.update ?? blankForm({ status: incident.status })}
        editForm={forms.edit ?? blankForm(spec.editValues(incident, page))}
      />,
      status,
    );
  }

  app.get(base, async (request, reply) => {
    const page = pageNumber(request.query);
    const [view, pages, open, history] = await Promise.all([
      adminView(request, reply, deps),
      services.pages.listPages(),
      spec.listOpen(services),
      services.incidents.list({
        kind: kind.kind,
        limit: HISTORY_PAGE_SIZE,
        offset: (page - 1) * HISTORY_PAGE_SIZE,
      }),
    ]);
    return sendHtml(
      reply,
      <IncidentListPage
        view={view}
        kind={kind.kind}
        open={open}
        all={history.incidents}
        total={history.total}
        pages={pages}
        page={page}
        pageSize={HISTORY_PAGE_SIZE}
      />,
    );
  });

  app.get(`${base}/new`, async (request, reply) => {
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
      return sendHtml(reply, <ChoosePagePage view={view} kind={kind} pages={pages} />);
    }
    return showNew(request, reply, page, blankForm(spec.newFormValues));
  });

  app.post(base, async (request, reply) => {
    const page = await services.pages.getPage(text(formValues(request.body), 'page_id') ?? '');
    return saveForm(request, reply, deps, {
      save: async (values) => {
        const incident = await spec.create(services, page, values);
        return { message: spec.createdMessage(incident), next: kind.paths.one(incident.id) };
      },
      showAgain: (form, status) => showNew(request, reply, page, form, status),
    });
  });

  app.get<IdParams>(`${base}/:id`, async (request, reply) =>
    showOne(request, reply, await find(request.params.id), {}),
  );

  app.post<IdParams>(`${base}/:id/updates`, async (request, reply) => {
    const incident = await find(request.params.id);
    return saveForm(request, reply, deps, {
      save: async (values) => {
        const updated = await services.incidents.postUpdate(incident.id, spec.updateInput(values));
        const status = statusLabel(updated.status).toLowerCase();
        return {
          message: `Update posted; the ${kind.noun} is ${status}.`,
          next: kind.paths.one(incident.id),
        };
      },
      showAgain: (form, status) => showOne(request, reply, incident, { update: form }, status),
    });
  });

  app.post<IdParams>(`${base}/:id`, async (request, reply) => {
    const incident = await find(request.params.id);
    const page = await services.pages.getPage(incident.page_id);
    return saveForm(request, reply, deps, {
      save: async (values) => {
        await services.incidents.edit(incident.id, spec.editInput(values, page));
        return { message: `${capitalised} saved.`, next: kind.paths.one(incident.id) };
      },
      showAgain: (form, status) => showOne(request, reply, incident, { edit: form }, status),
    });
  });

  updateEditRoutes(app, deps, kind);

  deletionRoutes(app, deps, {
    route: `${base}/:id/delete`,
    section: kind.section,
    find,
    confirm: (incident) => ({
      title: `Delete ${incident.name}?`,
      message: spec.deleteWarning,
      action: kind.paths.delete(incident.id),
      button: `Delete ${kind.noun}`,
      cancel: kind.paths.one(incident.id),
    }),
    remove: (incident) => services.incidents.delete(incident.id),
    deleted: (incident) => ({
      message: `${capitalised} “${incident.name}” deleted.`,
      next: kind.paths.list,
    }),
  });
}
