// Management API routes of monitors: list, create, read, change, delete, pause and resume; a bad
// condition answers 400 naming `conditions[i]` with the column of the error.
import { Type } from 'typebox';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { itemRoutes } from './item-routes.js';
import {
  CreatedMonitorSchema,
  CreateMonitor,
  MonitorSchema,
  serializeMonitor,
  UpdateMonitor,
} from './monitor-schemas.js';
import { paging, pagedList, slice } from './pagination.js';
import {
  emptyBodyAsObject,
  errorResponses,
  idParams,
  listOf,
  NoBody,
  PagingQuery,
  WRITE_ERRORS,
} from './schemas.js';

const tags = ['monitors'];

export function monitorRoutes(app: ApiInstance, { deps, basePath }: ApiOptions): void {
  const monitors = deps.services.monitors;

  app.get(
    '/monitors',
    {
      schema: {
        operationId: 'listMonitors',
        summary: 'List monitors, by name',
        tags,
        querystring: Type.Object(PagingQuery, { additionalProperties: false }),
        response: { 200: listOf(MonitorSchema, 'Monitors'), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const at = paging(request.query);
      const all = await monitors.list();
      return pagedList(request, reply, at, slice(all, at).map(serializeMonitor), all.length);
    },
  );

  app.post(
    '/monitors',
    {
      schema: {
        operationId: 'createMonitor',
        summary: 'Create a monitor',
        description:
          'Conditions are checked now: a bad one answers 400 with `field` `conditions[i]` and ' +
          'the column of the error in the message. A heartbeat monitor answers with its secret ' +
          'and push path once; Vigil keeps only a hash of the secret.',
        tags,
        body: CreateMonitor,
        response: { 201: CreatedMonitorSchema, ...errorResponses(...WRITE_ERRORS, 409) },
      },
    },
    async (request, reply) => {
      const created = await monitors.create(request.body);
      void reply
        .code(201)
        .header('location', `${basePath}/monitors/${created.monitor.id}`)
        .header('cache-control', 'no-store');
      const body = serializeMonitor(created);
      return created.heartbeat ? { ...body, heartbeat: created.heartbeat } : body;
    },
  );

  itemRoutes(app, {
    path: '/monitors/:monitorId',
    idName: 'monitorId',
    tags,
    schema: MonitorSchema,
    read: {
      operationId: 'getMonitor',
      summary: 'Get a monitor',
      run: async (id) => serializeMonitor(await monitors.get(id)),
    },
    change: {
      operationId: 'updateMonitor',
      summary: 'Change a monitor',
      description:
        'Only the fields sent change; `target`, `conditions` and `components` are replaced ' +
        'whole. The type cannot change.',
      body: UpdateMonitor,
      conflicts: true,
      run: async (id, input) => serializeMonitor(await monitors.update(id, input)),
    },
    remove: {
      operationId: 'deleteMonitor',
      summary: 'Delete a monitor with its results and history',
      run: (id) => monitors.delete(id),
    },
  });

  const toggles = [
    ['pause', 'pauseMonitor', 'Pause a monitor: no checks, status paused'],
    ['resume', 'resumeMonitor', 'Resume a paused monitor'],
  ] as const;
  for (const [action, operationId, summary] of toggles) {
    app.post(
      `/monitors/:monitorId/${action}`,
      {
        preValidation: emptyBodyAsObject,
        schema: {
          operationId,
          summary,
          description: 'Takes no fields; the body may be empty.',
          tags,
          params: idParams('monitorId'),
          body: NoBody,
          response: { 200: MonitorSchema, ...errorResponses(...WRITE_ERRORS) },
        },
      },
      async (request) => {
        const id = request.params.monitorId;
        return serializeMonitor(
          await (action === 'pause' ? monitors.pause(id) : monitors.resume(id)),
        );
      },
    );
  }
}
