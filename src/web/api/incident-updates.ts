// Management API routes of the updates of an incident or maintenance: post one (new status,
// message, component statuses), read one, correct its text or display time.
import { Type, type TSchema } from 'typebox';
import { NotFoundError } from '../../domain/errors.js';
import type { IncidentDetail } from '../../store/incident-repository.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import type { IncidentKindApi } from './incident-kind-routes.js';
import {
  ComponentStatusChanges,
  componentsOf,
  serializeUpdate,
  UpdateSchema,
  UpdateText,
} from './incident-representation.js';
import {
  errorResponses,
  idParams,
  Timestamp,
  WRITE_ERRORS,
  StringEnum,
  TimestampValue,
} from './schemas.js';

function findUpdate(detail: IncidentDetail, updateId: string) {
  const update = detail.updates.find((candidate) => candidate.id === updateId);
  if (!update) throw new NotFoundError(`update of ${detail.kind} ${detail.id}`, updateId);
  return update;
}

export function updateRoutes<Schema extends TSchema>(
  app: ApiInstance,
  options: ApiOptions,
  api: IncidentKindApi<Schema, TSchema>,
): void {
  const { kind, idName, noun, aNoun, title, statuses, serialize } = api;
  const { services } = options.deps;
  const tags = [api.plural];
  const path = `/${api.plural}/:${idName}/updates`;
  const params = idParams(idName);
  const updateParams = idParams(idName, 'updateId');
  // The service answers 404 for an id of the other kind.
  const find = (id: string) => services.incidents.get(id, kind);
  const represent = async (detail: IncidentDetail) =>
    serialize(detail, await componentsOf(services, detail.page_id));
  // Fastify cannot resolve the static type of a generic schema: `serialize` is checked against
  // it where each kind is declared.
  const Representation: TSchema = api.schema;

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
        tags,
        params,
        body: Type.Object(
          {
            status: Type.Optional(
              StringEnum(statuses, {
                description: `New ${noun} status; unchanged if absent`,
              }),
            ),
            body: UpdateText,
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
      const before = await find(id);
      const known = new Set(before.updates.map((update) => update.id));
      const after = await services.incidents.postUpdate(id, request.body);
      const created = after.updates.find((update) => !known.has(update.id));
      void reply.code(201);
      if (created) {
        void reply.header(
          'location',
          `${options.basePath}/${api.plural}/${id}/updates/${created.id}`,
        );
      }
      return represent(after);
    },
  );

  app.get(
    `${path}/:updateId`,
    {
      schema: {
        operationId: `get${title}Update`,
        summary: `Get one update of ${aNoun}`,
        tags,
        params: updateParams,
        response: { 200: UpdateSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const detail = await find(request.params[idName]);
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
        tags,
        params: updateParams,
        body: Type.Object(
          {
            body: Type.Optional(UpdateText),
            display_at: Type.Optional(Timestamp),
          },
          { additionalProperties: false },
        ),
        response: { 200: Representation, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request) => {
      const detail = await find(request.params[idName]);
      findUpdate(detail, request.params.updateId);
      return represent(await services.incidents.editUpdate(request.params.updateId, request.body));
    },
  );
}
