// Management API routes of incidents and of maintenances (one aggregate, told apart by kind):
// listed and opened under their page, then read, edited and deleted by id, and their updates.
import { Type, type Static, type TSchema } from 'typebox';
import type { IncidentService } from '../../services/incident-service.js';
import type { IncidentDetail, IncidentKind } from '../../store/incident-repository.js';
import type { ComponentRow } from '../../store/schema.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { componentsOf } from './incident-representation.js';
import { updateRoutes } from './incident-updates.js';
import { itemRoutes } from './item-routes.js';
import { paging, pagedList } from './pagination.js';
import {
  errorResponses,
  idParams,
  listOf,
  PagingQuery,
  StringEnum,
  WRITE_ERRORS,
} from './schemas.js';

/** What tells one kind's routes from the other's: its names, texts and schemas. */
export interface IncidentKindApi<
  Schema extends TSchema,
  Create extends TSchema = TSchema,
  Edit extends TSchema = TSchema,
> {
  kind: IncidentKind;
  /** Path segment and OpenAPI tag, e.g. `incidents`. */
  plural: string;
  idName: 'incidentId' | 'maintenanceId';
  /** In operation ids, e.g. `getIncident`, `postIncidentUpdate`. */
  title: string;
  /** In the texts of update routes, e.g. `incident` and `an incident`. */
  noun: string;
  aNoun: string;
  statuses: readonly string[];
  schema: Schema;
  serialize(detail: IncidentDetail, components: Map<string, ComponentRow>): Static<Schema>;
  list: { summary: string; itemsDescription: string; openMeans: string };
  create: {
    summary: string;
    description: string;
    body: Create;
    open(
      incidents: IncidentService,
      pageId: string,
      input: Static<Create>,
    ): Promise<IncidentDetail>;
  };
  read: { summary: string };
  edit: { summary: string; description: string; body: Edit };
  remove: { summary: string };
}

export function incidentKindRoutes<
  Schema extends TSchema,
  Create extends TSchema,
  Edit extends TSchema,
>(app: ApiInstance, options: ApiOptions, api: IncidentKindApi<Schema, Create, Edit>): void {
  const { services } = options.deps;
  const { kind, title, serialize } = api;
  const tags = [api.plural];
  // The service answers 404 for an id of the other kind.
  const find = (id: string) => services.incidents.get(id, kind);
  const represent = async (detail: IncidentDetail) =>
    serialize(detail, await componentsOf(services, detail.page_id));
  // Fastify cannot resolve the static types of generic schemas: `serialize` and `open` are
  // checked against them where each kind is declared, and bodies were validated against them.
  const Representation: TSchema = api.schema;
  const CreateBody: TSchema = api.create.body;

  app.get(
    `/pages/:pageId/${api.plural}`,
    {
      schema: {
        operationId: `list${title}s`,
        summary: api.list.summary,
        tags,
        params: idParams('pageId'),
        querystring: Type.Object(
          {
            ...PagingQuery,
            status: Type.Optional(
              StringEnum(['open', 'all'], { description: api.list.openMeans, default: 'all' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: listOf(Representation, api.list.itemsDescription),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { pageId } = request.params;
      const at = paging(request.query);
      const components = await componentsOf(services, pageId);
      const { incidents: rows, total } = await services.incidents.list({
        pageId,
        kind,
        openOnly: request.query.status === 'open',
        limit: at.limit,
        offset: at.offset,
      });
      const data = rows.map((row) => serialize(row, components));
      return pagedList(request, reply, at, data, total);
    },
  );

  app.post(
    `/pages/:pageId/${api.plural}`,
    {
      schema: {
        operationId: `create${title}`,
        summary: api.create.summary,
        description: api.create.description,
        tags,
        params: idParams('pageId'),
        body: CreateBody,
        response: { 201: Representation, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const input = request.body as Static<Create>;
      const detail = await api.create.open(services.incidents, request.params.pageId, input);
      void reply.code(201).header('location', `${options.basePath}/${api.plural}/${detail.id}`);
      return represent(detail);
    },
  );

  itemRoutes(app, {
    path: `/${api.plural}/:${api.idName}`,
    idName: api.idName,
    tags,
    schema: api.schema,
    read: {
      operationId: `get${title}`,
      summary: api.read.summary,
      run: async (id) => represent(await find(id)),
    },
    change: {
      operationId: `update${title}`,
      summary: api.edit.summary,
      description: api.edit.description,
      body: api.edit.body,
      run: async (id, input) => {
        await find(id);
        return represent(await services.incidents.edit(id, input));
      },
    },
    remove: {
      operationId: `delete${title}`,
      summary: api.remove.summary,
      run: async (id) => {
        await find(id);
        await services.incidents.delete(id);
      },
    },
  });

  updateRoutes(app, options, api);
}
