// Management API routes of component groups: listed and created under their page, then
// addressed by their own id.
import { Type } from 'typebox';
import type { ComponentGroupRow } from '../../store/schema.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { itemRoutes } from './item-routes.js';
import { paging, pagedList, slice } from './pagination.js';
import {
  errorResponses,
  idParams,
  iso,
  listOf,
  PagingQuery,
  Timestamp,
  WRITE_ERRORS,
} from './schemas.js';

const GroupSchema = Type.Object(
  {
    id: Type.String(),
    page_id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    position: Type.Integer({ description: 'Order on the page, smallest first' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { description: 'A group of components' },
);

const groupFields = {
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Unique on its page' }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
};
const CreateGroup = Type.Object(groupFields, { additionalProperties: false });
const UpdateGroup = Type.Object(
  { ...groupFields, name: Type.Optional(groupFields.name) },
  { additionalProperties: false },
);

const tags = ['groups'];

export function serializeGroup(group: ComponentGroupRow) {
  return {
    id: group.id,
    page_id: group.page_id,
    name: group.name,
    description: group.description,
    position: group.position,
    created_at: iso(group.created_at),
    updated_at: iso(group.updated_at),
  };
}

export function groupRoutes(app: ApiInstance, { deps, basePath }: ApiOptions): void {
  const pages = deps.services.pages;

  app.get(
    '/pages/:pageId/groups',
    {
      schema: {
        operationId: 'listGroups',
        summary: 'List the component groups of a page',
        tags,
        params: idParams('pageId'),
        querystring: Type.Object(PagingQuery, { additionalProperties: false }),
        response: { 200: listOf(GroupSchema, 'Component groups'), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const at = paging(request.query);
      const all = await pages.listGroups(request.params.pageId);
      return pagedList(request, reply, at, slice(all, at).map(serializeGroup), all.length);
    },
  );

  app.post(
    '/pages/:pageId/groups',
    {
      schema: {
        operationId: 'createGroup',
        summary: 'Create a component group on a page',
        tags,
        params: idParams('pageId'),
        body: CreateGroup,
        response: { 201: GroupSchema, ...errorResponses(...WRITE_ERRORS, 409) },
      },
    },
    async (request, reply) => {
      const group = await pages.createGroup(request.params.pageId, request.body);
      void reply.code(201).header('location', `${basePath}/groups/${group.id}`);
      return serializeGroup(group);
    },
  );

  itemRoutes(app, {
    path: '/groups/:groupId',
    idName: 'groupId',
    tags,
    schema: GroupSchema,
    read: {
      operationId: 'getGroup',
      summary: 'Get a component group',
      run: async (id) => serializeGroup(await pages.getGroup(id)),
    },
    change: {
      operationId: 'updateGroup',
      summary: 'Change a component group',
      body: UpdateGroup,
      conflicts: true,
      run: async (id, input) => serializeGroup(await pages.updateGroup(id, input)),
    },
    remove: {
      operationId: 'deleteGroup',
      summary: 'Delete a component group',
      description: 'Its components stay on the page, without a group.',
      run: (id) => pages.deleteGroup(id),
    },
  });
}
