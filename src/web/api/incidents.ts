// Management API routes of incidents: listed (all or open) and opened under their page, then
// read, edited and deleted by id; their updates are in incident-updates.ts.
import { Type } from 'typebox';
import { INCIDENT_STATUSES } from '../../domain/status.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import {
  ComponentIds,
  ComponentStatusChanges,
  componentsOf,
  IncidentImpact,
  IncidentSchema,
  serializeIncident,
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
  TimestampValue,
} from './schemas.js';

const CreateIncident = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    status: Type.Optional(StringEnum(INCIDENT_STATUSES, { description: 'Default investigating' })),
    impact: Type.Optional(IncidentImpact),
    body: Type.String({
      minLength: 1,
      maxLength: 20_000,
      description: 'Markdown text of the first update',
    }),
    components: Type.Optional(ComponentStatusChanges),
    component_ids: Type.Optional(ComponentIds),
    started_at: Type.Optional(
      Type.Union([TimestampValue, Type.Null()], { description: 'When it began; default now' }),
    ),
  },
  { additionalProperties: false },
);

const EditIncident = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    impact: Type.Optional(IncidentImpact),
    started_at: Type.Optional(Timestamp),
    component_ids: Type.Optional(
      Type.Array(Type.String(), {
        maxItems: 500,
        description: 'Replaces the components concerned',
      }),
    ),
  },
  { additionalProperties: false },
);

const IncidentParams = idParams('incidentId');
const tags = ['incidents'];

export function incidentRoutes(app: ApiInstance, options: ApiOptions): void {
  const { deps, basePath } = options;
  const incidents = deps.services.incidents;

  app.get(
    '/pages/:pageId/incidents',
    {
      schema: {
        operationId: 'listIncidents',
        summary: 'List the incidents of a page, newest first',
        tags,
        params: idParams('pageId'),
        querystring: Type.Object(
          {
            ...PagingQuery,
            status: Type.Optional(
              StringEnum(['open', 'all'], {
                description: 'open: only unresolved ones; default all',
                default: 'all',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(IncidentSchema, 'Incidents'), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { pageId } = request.params;
      const at = paging(request.query);
      const components = await componentsOf(deps.services, pageId);
      const { incidents: rows, total } = await incidents.list({
        pageId,
        kind: 'incident',
        openOnly: request.query.status === 'open',
        limit: at.limit,
        offset: at.offset,
      });
      const data = rows.map((row) => serializeIncident(row, components));
      return pagedList(request, reply, at, data, total);
    },
  );

  app.post(
    '/pages/:pageId/incidents',
    {
      schema: {
        operationId: 'createIncident',
        summary: 'Open an incident on a page',
        description:
          'Creates the incident with its first update. `components` sets component statuses ' +
          '(and links them); `component_ids` links components without changing them.',
        tags,
        params: idParams('pageId'),
        body: CreateIncident,
        response: { 201: IncidentSchema, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const detail = await incidents.createIncident(request.params.pageId, request.body);
      void reply.code(201).header('location', `${basePath}/incidents/${detail.id}`);
      return serializeIncident(detail, await componentsOf(deps.services, detail.page_id));
    },
  );

  app.get(
    '/incidents/:incidentId',
    {
      schema: {
        operationId: 'getIncident',
        summary: 'Get an incident with its updates',
        tags,
        params: IncidentParams,
        response: { 200: IncidentSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const detail = await findOfKind(options, request.params.incidentId, 'incident');
      return serializeIncident(detail, await componentsOf(deps.services, detail.page_id));
    },
  );

  app.patch(
    '/incidents/:incidentId',
    {
      schema: {
        operationId: 'updateIncident',
        summary: 'Edit an incident',
        description:
          'Changes the incident itself. To change its status, post an update instead, so ' +
          'readers see why.',
        tags,
        params: IncidentParams,
        body: EditIncident,
        response: { 200: IncidentSchema, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request) => {
      await findOfKind(options, request.params.incidentId, 'incident');
      const detail = await incidents.edit(request.params.incidentId, request.body);
      return serializeIncident(detail, await componentsOf(deps.services, detail.page_id));
    },
  );

  app.delete(
    '/incidents/:incidentId',
    {
      schema: {
        operationId: 'deleteIncident',
        summary: 'Delete an incident and its updates',
        tags,
        params: IncidentParams,
        response: { 204: NoContent, ...errorResponses(403, 404) },
      },
    },
    async (request, reply) => {
      await findOfKind(options, request.params.incidentId, 'incident');
      await incidents.delete(request.params.incidentId);
      return reply.code(204).send(null);
    },
  );

  updateRoutes(app, options, 'incident');
}
