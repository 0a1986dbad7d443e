// Management API routes of scheduled maintenances: listed (all or open) and scheduled under their
// page, then read, edited and deleted by id; their updates are in incident-updates.ts.
import { Type } from 'typebox';
import { MAINTENANCE_STATUSES } from '../../domain/status.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import {
  ComponentIds,
  componentsOf,
  MaintenanceSchema,
  serializeMaintenance,
} from './incident-representation.js';
import { findOfKind, updateRoutes } from './incident-updates.js';
import { paging, pagedList } from './pagination.js';
import {
  errorResponses,
  idParams,
  listOf,
  NoContent,
  PagingQuery,
  Timestamp,
  WRITE_ERRORS,
  StringEnum,
} from './schemas.js';

const autoTransition = Type.Boolean({
  description: 'Move to in_progress and completed at the scheduled times; default true',
});

const CreateMaintenance = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    status: Type.Optional(StringEnum(MAINTENANCE_STATUSES, { description: 'Default scheduled' })),
    body: Type.String({
      minLength: 1,
      maxLength: 20_000,
      description: 'Markdown text of the first update',
    }),
    scheduled_for: Timestamp,
    scheduled_until: Timestamp,
    component_ids: Type.Optional(ComponentIds),
    auto_transition: Type.Optional(autoTransition),
  },
  { additionalProperties: false },
);

const EditMaintenance = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    scheduled_for: Type.Optional(Timestamp),
    scheduled_until: Type.Optional(Timestamp),
    component_ids: Type.Optional(
      Type.Array(Type.String(), {
        maxItems: 500,
        description: 'Replaces the components concerned',
      }),
    ),
    auto_transition: Type.Optional(autoTransition),
  },
  { additionalProperties: false },
);

const MaintenanceParams = idParams('maintenanceId');
const tags = ['maintenances'];

export function maintenanceRoutes(app: ApiInstance, options: ApiOptions): void {
  const { deps, basePath } = options;
  const incidents = deps.services.incidents;

  app.get(
    '/pages/:pageId/maintenances',
    {
      schema: {
        operationId: 'listMaintenances',
        summary: 'List the scheduled maintenances of a page, latest scheduled first',
        tags,
        params: idParams('pageId'),
        querystring: Type.Object(
          {
            ...PagingQuery,
            status: Type.Optional(
              StringEnum(['open', 'all'], {
                description: 'open: only those not completed; default all',
                default: 'all',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: listOf(MaintenanceSchema, 'Scheduled maintenances'),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { pageId } = request.params;
      const at = paging(request.query);
      const components = await componentsOf(deps.services, pageId);
      const { incidents: rows, total } = await incidents.list({
        pageId,
        kind: 'maintenance',
        openOnly: request.query.status === 'open',
        limit: at.limit,
        offset: at.offset,
      });
      const data = rows.map((row) => serializeMaintenance(row, components));
      return pagedList(request, reply, at, data, total);
    },
  );

  app.post(
    '/pages/:pageId/maintenances',
    {
      schema: {
        operationId: 'createMaintenance',
        summary: 'Schedule a maintenance on a page',
        description:
          'While it is in progress its components are under maintenance; they return to ' +
          'operational when it completes.',
        tags,
        params: idParams('pageId'),
        body: CreateMaintenance,
        response: { 201: MaintenanceSchema, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const detail = await incidents.createMaintenance(request.params.pageId, request.body);
      void reply.code(201).header('location', `${basePath}/maintenances/${detail.id}`);
      return serializeMaintenance(detail, await componentsOf(deps.services, detail.page_id));
    },
  );

  app.get(
    '/maintenances/:maintenanceId',
    {
      schema: {
        operationId: 'getMaintenance',
        summary: 'Get a scheduled maintenance with its updates',
        tags,
        params: MaintenanceParams,
        response: { 200: MaintenanceSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const detail = await findOfKind(options, request.params.maintenanceId, 'maintenance');
      return serializeMaintenance(detail, await componentsOf(deps.services, detail.page_id));
    },
  );

  app.patch(
    '/maintenances/:maintenanceId',
    {
      schema: {
        operationId: 'updateMaintenance',
        summary: 'Edit a scheduled maintenance',
        description: 'Changes its name, window or components; post an update to change its status.',
        tags,
        params: MaintenanceParams,
        body: EditMaintenance,
        response: { 200: MaintenanceSchema, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request) => {
      await findOfKind(options, request.params.maintenanceId, 'maintenance');
      const detail = await incidents.edit(request.params.maintenanceId, request.body);
      return serializeMaintenance(detail, await componentsOf(deps.services, detail.page_id));
    },
  );

  app.delete(
    '/maintenances/:maintenanceId',
    {
      schema: {
        operationId: 'deleteMaintenance',
        summary: 'Delete a scheduled maintenance and its updates',
        tags,
        params: MaintenanceParams,
        response: { 204: NoContent, ...errorResponses(403, 404) },
      },
    },
    async (request, reply) => {
      await findOfKind(options, request.params.maintenanceId, 'maintenance');
      await incidents.delete(request.params.maintenanceId);
      return reply.code(204).send(null);
    },
  );

  updateRoutes(app, options, 'maintenance');
}
