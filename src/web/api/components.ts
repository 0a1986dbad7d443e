// Management API routes of components: listed and created under their page, then addressed by
// their own id; PATCH also sets a component's status by hand.
import { Type } from 'typebox';
import { COMPONENT_STATUSES } from '../../domain/status.js';
import type { ComponentRow } from '../../store/schema.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { itemRoutes } from './item-routes.js';
import { paging, pagedList, slice } from './pagination.js';
import {
  errorResponses,
  idParams,
  iso,
  listOf,
  NullableString,
  PagingQuery,
  Timestamp,
  WRITE_ERRORS,
  StringEnum,
} from './schemas.js';

export const ComponentStatus = StringEnum(COMPONENT_STATUSES, {
  description: 'Component status',
});

const ComponentSchema = Type.Object(
  {
    id: Type.String(),
    page_id: Type.String(),
    group_id: NullableString,
    name: Type.String(),
    description: Type.String(),
    status: ComponentStatus,
    position: Type.Integer({ description: 'Order on the page, smallest first' }),
    showcase: Type.Boolean({ description: 'Show its uptime bar on the page' }),
    only_show_if_degraded: Type.Boolean(),
    auto_incident: Type.Boolean({
      description: 'Open an incident when its monitors go down, resolve it when they recover',
    }),
    start_date: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { description: 'A component of a status page' },
);

const componentFields = {
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Unique on its page' }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  status: Type.Optional(ComponentStatus),
  group_id: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: 'A group of the same page, or null for none',
    }),
  ),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  showcase: Type.Optional(Type.Boolean()),
  only_show_if_degraded: Type.Optional(Type.Boolean()),
  auto_incident: Type.Optional(Type.Boolean()),
  start_date: Type.Optional(
    Type.Union([Type.String({ format: 'date' }), Type.Null()], {
      description: 'Day the component went live, YYYY-MM-DD',
    }),
  ),
};
const CreateComponent = Type.Object(componentFields, { additionalProperties: false });
const UpdateComponent = Type.Object(
  { ...componentFields, name: Type.Optional(componentFields.name) },
  { additionalProperties: false },
);

const tags = ['components'];

export function serializeComponent(component: ComponentRow) {
  return {
    id: component.id,
    page_id: component.page_id,
    group_id: component.group_id,
    name: component.name,
    description: component.description,
    // The database CHECK constraint keeps this within the enum.
    status: component.status as (typeof COMPONENT_STATUSES)[number],
    position: component.position,
    showcase: component.showcase,
    only_show_if_degraded: component.only_show_if_degraded,
    auto_incident: component.auto_incident,
    start_date: component.start_date,
    created_at: iso(component.created_at),
    updated_at: iso(component.updated_at),
  };
}

export function componentRoutes(app: ApiInstance, { deps, basePath }: ApiOptions): void {
  const pages = deps.services.pages;

  app.get(
    '/pages/:pageId/components',
    {
      schema: {
        operationId: 'listComponents',
        summary: 'List the components of a page',
        tags,
        params: idParams('pageId'),
        querystring: Type.Object(PagingQuery, { additionalProperties: false }),
        response: { 200: listOf(ComponentSchema, 'Components'), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const at = paging(request.query);
      const all = await pages.listComponents(request.params.pageId);
      return pagedList(request, reply, at, slice(all, at).map(serializeComponent), all.length);
    },
  );

  app.post(
    '/pages/:pageId/components',
    {
      schema: {
        operationId: 'createComponent',
        summary: 'Create a component on a page',
        tags,
        params: idParams('pageId'),
        body: CreateComponent,
        response: { 201: ComponentSchema, ...errorResponses(...WRITE_ERRORS, 409) },
      },
    },
    async (request, reply) => {
      const component = await pages.createComponent(request.params.pageId, request.body);
      void reply.code(201).header('location', `${basePath}/components/${component.id}`);
      return serializeComponent(component);
    },
  );

  itemRoutes(app, {
    path: '/components/:componentId',
    idName: 'componentId',
    tags,
    schema: ComponentSchema,
    read: {
      operationId: 'getComponent',
      summary: 'Get a component',
      run: async (id) => serializeComponent(await pages.getComponent(id)),
    },
    change: {
      operationId: 'updateComponent',
      summary: 'Change a component, or set its status',
      description:
        'Only the fields sent change. `{"status": "partial_outage"}` sets the status by hand.',
      body: UpdateComponent,
      conflicts: true,
      run: async (id, input) => serializeComponent(await pages.updateComponent(id, input)),
    },
    remove: {
      operationId: 'deleteComponent',
      summary: 'Delete a component',
      run: (id) => pages.deleteComponent(id),
    },
  });
}
