// Correcting a posted update of an incident or maintenance: its Markdown message and the time it
// is shown at, read in the page's time zone; an update is only found under its own parent and kind.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../domain/errors.js';
import type {
  IncidentDetail,
  IncidentUpdateWithComponents,
} from '../../store/incident-repository.js';
import type { PageRow } from '../../store/schema.js';
import type { WebDependencies } from '../app.js';
import { text, type FormValues } from './form-values.js';
import type { AdminIncidentKind } from './incident-kinds.js';
import { adminView, saveForm, sendHtml } from './respond.js';
import { blankForm, type FormState } from './views/form-controls.js';
import { EditUpdatePage } from './views/update-edit.js';
import { utcToZonedLocal, zonedLocalToUtc } from './zoned-time.js';

type UpdateParams = { Params: { id: string; updateId: string } };

interface FoundUpdate {
  incident: IncidentDetail;
  update: IncidentUpdateWithComponents;
  page: PageRow;
}

/**
 * What the service gets from the form. The form shows the time to the minute, so an unchanged
 * field keeps the stored instant (with its seconds): otherwise saving a typo fix could move the
 * update before another one posted in the same minute.
 */
function editInput(values: FormValues, { update, page }: FoundUpdate) {
  const typed = text(values, 'display_at');
  const unchanged = typed?.trim() === utcToZonedLocal(update.display_at, page.time_zone);
  return {
    body: text(values, 'body') ?? '',
    ...(unchanged
      ? {}
      : {
          display_at: zonedLocalToUtc('display_at', typed, page.time_zone).toISOString(),
        }),
  };
}

export function updateEditRoutes(
  app: FastifyInstance,
  deps: WebDependencies,
  kind: AdminIncidentKind,
): void {
  const { services } = deps;
  const route = `/${kind.section}/:id/updates/:updateId/edit`;

  async function find(params: UpdateParams['Params']): Promise<FoundUpdate> {
    const incident = await services.incidents.get(params.id, kind.kind);
    const update = incident.updates.find((candidate) => candidate.id === params.updateId);
    if (!update) throw new NotFoundError(`${kind.noun} update`, params.updateId);
    return { incident, update, page: await services.pages.getPage(incident.page_id) };
  }

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    found: FoundUpdate,
    form: FormState,
    status = 200,
  ) {
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <EditUpdatePage view={view} kind={kind} form={form} {...found} />,
      status,
    );
  }

  app.get<UpdateParams>(route, async (request, reply) => {
    const found = await find(request.params);
    return show(
      request,
      reply,
      found,
      blankForm({
        body: found.update.body,
        display_at: utcToZonedLocal(found.update.display_at, found.page.time_zone),
      }),
    );
  });

  app.post<UpdateParams>(route, async (request, reply) => {
    const found = await find(request.params);
    return saveForm(request, reply, deps, {
      save: async (values) => {
        await services.incidents.editUpdate(found.update.id, editInput(values, found));
        return { message: 'Update saved.', next: kind.paths.one(found.incident.id) };
      },
      showAgain: (form, status) => show(request, reply, found, form, status),
    });
  });
}
