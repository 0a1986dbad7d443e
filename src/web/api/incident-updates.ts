// Management API routes of the updates of an incident or maintenance: post one (new status,
// message, component statuses), read one, correct its text or display time.
import { Type } from 'typebox';
import { NotFoundError } from '../../domain/errors.js';
import { INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '../../domain/status.js';
import type { IncidentDetail, IncidentKind } from '../../store/incident-repository.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import {
  ComponentStatusChanges,
  IncidentSchema,
  KIND_PATH,
  MaintenanceSchema,
  representation,
  serializeUpdate,
  UpdateSchema,
} from './incident-representation.js';
import {
  errorResponses,
  idParams,
  Timestamp,
  WRITE_ERRORS,
  StringEnum,
  TimestampValue,
} from './schemas.js';

const MAX_BODY = 20_000;

const KINDS = {
  incident: {
    idName: 'incidentId',
    noun: 'incident',
    aNoun: 'an incident',
    title: 'Incident',
    statuses: INCIDENT_STATUSES,
    schema: IncidentSchema,
    tag: 'incidents',
  },
  maintenance: {
    idName: 'maintenanceId',
    noun: 'maintenance',
    aNoun: 'a maintenance',
    title: 'Maintenance',
    statuses: MAINTENANCE_STATUSES,
    schema: MaintenanceSchema,
    tag: 'maintenances',
  },
} as const;

/** The incident or maintenance, or 404 when the id is the other kind's. */
export function findOfKind(options: ApiOptions, id: string, kind: IncidentKind) {
  return options.deps.services.incidents.get(id, kind);
}

function findUpdate(detail: IncidentDetail, updateId: string) {
  const update = detail.updates.find((candidate) => candidate.id === updateId);
  if (!update) throw new NotFoundError(`update of ${detail.kind} ${detail.id}`, updateId);
  return update;
}

export function updateRoutes(app: ApiInstance, options: ApiOptions, kind: IncidentKind): void {
  const { idName, noun, aNoun, title, statuses, tag } = KINDS[kind];
  const incidents = options.deps.services.incidents;
  const path = `/${KIND_PATH[kind]}/:${idName}/updates`;
  const params = idParams(idName);
  const updateParams = idParams(idName, 'updateId');
  // The representation of either kind satisfies its own schema; TypeBox cannot tell which here.
  const Representation = Type.Unsafe<Awaited<ReturnType<typeof representation>>>(
    KINDS[kind].schema,
  );

  app.post(
    path,
    {
      schema: {
        operationId: `post${title}Update`,
        summary: `Post an update to ${aNoun}`,
        description:
          `Sets the ${noun}'s status, publishes the message and, with \`components\`, sets ` +
          `component statuses (recorded on the update as old → new). Returns the ${noun}; ` +
          'Location names the new update.',
        tags: [tag],
        params,
        body: Type.Object(
          {
            status: Type.Optional(
              StringEnum(statuses, {
                description: `New ${noun} status; unchanged if absent`,
              }),
            ),
            body: Type.String({ minLength: 1, maxLength: MAX_BODY, description: 'Markdown' }),
            components: Type.Optional(ComponentStatusChanges),
            display_at: Type.Optional(
              Type.Union([TimestampValue, Type.Null()], { description: 'Shown time; default now' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Representation, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const id = request.params[idName];
      const before = await findOfKind(options, id, kind);
      const known = new Set(before.updates.map((update) => update.id));
      const after = await incidents.postUpdate(id, request.body);
      const created = after.updates.find((update) => !known.has(update.id));
      void reply.code(201);
      if (created) {
        void reply.header(
          'location',
          `${options.basePath}/${KIND_PATH[kind]}/${id}/updates/${created.id}`,
        );
      }
      return representation(options.deps.services, after);
    },
  );

  app.get(
    `${path}/:updateId`,
    {
      schema: {
        operationId: `get${title}Update`,
        summary: `Get one update of ${aNoun}`,
        tags: [tag],
        params: updateParams,
        response: { 200: UpdateSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const detail = await findOfKind(options, request.params[idName], kind);
      return serializeUpdate(findUpdate(detail, request.params.updateId));
    },
  );

  app.patch(
    `${path}/:updateId`,
    {
      schema: {
        operationId: `edit${title}Update`,
        summary: `Correct an update of ${aNoun}`,
        description: 'Changes its message or display time; its status and component changes stay.',
        tags: [tag],
        params: updateParams,
        body: Type.Object(
          {
            body: Type.Optional(
              Type.String({ minLength: 1, maxLength: MAX_BODY, description: 'Markdown' }),
            ),
            display_at: Type.Optional(Timestamp),
          },
          { additionalProperties: false },
        ),
        response: { 200: Representation, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request) => {
      const detail = await findOfKind(options, request.params[idName], kind);
      findUpdate(detail, request.params.updateId);
      const edited = await incidents.editUpdate(request.params.updateId, request.body);
      return representation(options.deps.services, edited);
    },
  );
}
