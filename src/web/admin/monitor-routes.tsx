// Monitors in the admin: the list, create (type first, then that type's form), the monitor's page
// with regions, latency and history, edit, pause and resume, and delete.
//
// Without script a form cannot swap fields when the type select changes, so the type is chosen
// first (/monitors/new links to /monitors/new?type=http, ...) and the form then shows only that
// type's target fields, carrying the type in a hidden field. One form with every type's fields and
// "ignore the others" notes would be longer and invites filling in the wrong ones.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../domain/errors.js';
import {
  isMonitorType,
  MONITOR_TYPES,
  type MonitorKind,
} from '../../domain/monitoring/monitor-spec.js';
import type { MonitorRow } from '../../store/schema.js';
import type { WebDependencies } from '../app.js';
import { deletionRoutes } from './deletion-routes.js';
import { setFlash } from './flash.js';
import { formValues, text } from './form-values.js';
import {
  monitorFormValues,
  monitorInput,
  newMonitorFormValues,
  withFormFields,
} from './monitor-form-input.js';
import {
  componentChoices,
  knownRegions,
  latencyRange,
  monitorList,
  monitorPage,
} from './monitor-pages.js';
import { notificationBox } from './notification-box.js';
import { adminPaths } from './paths.js';
import { adminView, saveForm, sendHtml, seeOther, submitForm } from './respond.js';
import { blankForm, type FormState } from './views/form-controls.js';
import { HeartbeatCreatedPage } from './views/heartbeat-created.js';
import { MonitorDetailPage } from './views/monitor-detail.js';
import { MonitorFormPage } from './views/monitor-form.js';
import { MonitorListPage } from './views/monitor-list.js';
import { MonitorTypePage } from './views/monitor-type-choice.js';

type IdParams = { Params: { id: string } };

function requireType(value: unknown): MonitorKind {
  if (!isMonitorType(value))
    throw new ValidationError('type', `type must be one of ${MONITOR_TYPES.join(', ')}`);
  return value;
}

export function monitorRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { monitors } = deps.services;
  const secure = deps.config.secureCookies;

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    type: MonitorKind,
    form: FormState,
    status = 200,
    monitor?: MonitorRow,
  ) {
    const [view, pages] = await Promise.all([
      adminView(request, reply, deps),
      componentChoices(deps),
    ]);
    return sendHtml(
      reply,
      <MonitorFormPage view={view} form={form} type={type} pages={pages} monitor={monitor} />,
      status,
    );
  }

  app.get('/monitors', async (request, reply) => {
    const view = await adminView(request, reply, deps);
    return sendHtml(reply, <MonitorListPage view={view} monitors={await monitorList(deps)} />);
  });

  app.get<{ Querystring: { type?: string } }>('/monitors/new', async (request, reply) => {
    const type = request.query.type;
    if (!isMonitorType(type)) {
      const view = await adminView(request, reply, deps);
      return sendHtml(reply, <MonitorTypePage view={view} />);
    }
    const form = blankForm(newMonitorFormValues(type, await knownRegions(deps)));
    return showForm(request, reply, type, form);
  });

  app.post('/monitors', async (request, reply) => {
    const values = formValues(request.body);
    const type = requireType(text(values, 'type'));
    return submitForm(
      async () => {
        const created = await withFormFields(values, () =>
          monitors.create(monitorInput(type, values)),
        );
        const { monitor } = created;
        request.log.info({ monitorId: monitor.id, type }, 'monitor created in the admin');
        if (created.heartbeat) {
          // Shown on the answer to the form, never redirected through a URL or a cookie.
          const view = await adminView(request, reply, deps);
          const url = `${deps.config.baseUrl}${created.heartbeat.path}`;
          return sendHtml(
            reply,
            <HeartbeatCreatedPage view={view} monitor={monitor} url={url} />,
            201,
          );
        }
        setFlash(reply, secure, `Monitor “${monitor.name}” created.`);
        return seeOther(reply, adminPaths.monitor(monitor.id));
      },
      (errors, status) => showForm(request, reply, type, { values, errors }, status),
    );
  });

  app.get<IdParams & { Querystring: { range?: string } }>(
    '/monitors/:id',
    async (request, reply) => {
      const page = await monitorPage(deps, request.params.id, latencyRange(request.query));
      const [view, notifications] = await Promise.all([
        adminView(request, reply, deps),
        notificationBox(deps, {
          monitorId: page.detail.monitor.id,
          componentIds: page.detail.componentIds,
        }),
      ]);
      return sendHtml(
        reply,
        <MonitorDetailPage view={view} page={page} notifications={notifications} />,
      );
    },
  );

  app.get<IdParams>('/monitors/:id/edit', async (request, reply) => {
    const detail = await monitors.get(request.params.id);
    const form = blankForm(monitorFormValues(detail));
    return showForm(request, reply, detail.monitor.type, form, 200, detail.monitor);
  });

  app.post<IdParams>('/monitors/:id/edit', async (request, reply) => {
    const { monitor } = await monitors.get(request.params.id);
    return saveForm(request, reply, deps, {
      save: async (values) => {
        const updated = await withFormFields(values, () =>
          monitors.update(monitor.id, monitorInput(monitor.type, values)),
        );
        return {
          message: `Monitor “${updated.monitor.name}” saved.`,
          next: adminPaths.monitor(monitor.id),
        };
      },
      showAgain: (form, status) => showForm(request, reply, monitor.type, form, status, monitor),
    });
  });

  const toggles = [
    ['pause', (id: string) => monitors.pause(id), 'paused'],
    ['resume', (id: string) => monitors.resume(id), 'resumed'],
  ] as const;
  for (const [action, run, done] of toggles) {
    app.post<IdParams>(`/monitors/:id/${action}`, async (request, reply) => {
      const { monitor } = await run(request.params.id);
      setFlash(reply, secure, `Monitor “${monitor.name}” ${done}.`);
      return seeOther(reply, adminPaths.monitor(monitor.id));
    });
  }

  deletionRoutes(app, deps, {
    route: '/monitors/:id/delete',
    section: 'monitors',
    find: async (id) => (await monitors.get(id)).monitor,
    confirm: (monitor) => ({
      title: `Delete ${monitor.name}?`,
      message:
        'The monitor, its check results and its status history are deleted for good. The components it drove keep their current status.',
      action: adminPaths.deleteMonitor(monitor.id),
      button: 'Delete monitor',
      cancel: adminPaths.monitor(monitor.id),
    }),
    remove: (monitor) => monitors.delete(monitor.id),
    deleted: (monitor) => ({
      message: `Monitor “${monitor.name}” deleted.`,
      next: adminPaths.monitors,
    }),
  });
}
