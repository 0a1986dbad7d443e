// Management API routes of status pages: list, create, read, update, delete.
import { Type } from 'typebox';
import type { PageRow } from '../../store/schema.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { itemRoutes } from './item-routes.js';
import { paging, pagedList, slice } from './pagination.js';
import {
  errorResponses,
  iso,
  listOf,
  NullableString,
  PagingQuery,
  Timestamp,
  WRITE_ERRORS,
} from './schemas.js';

const PageSchema = Type.Object(
  {
    id: Type.String(),
    slug: Type.String({ description: 'Path of the page: /s/{slug}' }),
    name: Type.String(),
    description: Type.String(),
    url: NullableString,
    time_zone: Type.String({ description: 'IANA time zone, e.g. Europe/Paris' }),
    is_default: Type.Boolean({ description: 'Served at / ; exactly one page is the default' }),
    is_private: Type.Boolean({ description: 'Only signed-in admins may view it' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { description: 'A status page' },
);

const pageFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Type.String({
    pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$',
    description: 'Lowercase letters, digits and hyphens',
  }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  url: Type.Optional(
    Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], {
      description: 'Your company or product site',
    }),
  ),
  time_zone: Type.Optional(Type.String({ maxLength: 64 })),
  is_default: Type.Optional(
    Type.Boolean({ description: 'true makes this the page at /; another page stops being it' }),
  ),
  is_private: Type.Optional(Type.Boolean()),
};

const CreatePage = Type.Object(pageFields, { additionalProperties: false });
const UpdatePage = Type.Object(
  { ...pageFields, name: Type.Optional(pageFields.name), slug: Type.Optional(pageFields.slug) },
  { additionalProperties: false },
);

const tags = ['pages'];

export function serializePage(page: PageRow) {
  return {
    id: page.id,
    slug: page.slug,
    name: page.name,
    description: page.description,
    url: page.url,
    time_zone: page.time_zone,
    is_default: page.is_default,
    is_private: page.is_private,
    created_at: iso(page.created_at),
    updated_at: iso(page.updated_at),
  };
}

export function pageRoutes(app: ApiInstance, { deps, basePath }: ApiOptions): void {
  const pages = deps.services.pages;

  app.get(
    '/pages',
    {
      schema: {
        operationId: 'listPages',
        summary: 'List status pages',
        tags,
        querystring: Type.Object(PagingQuery, { additionalProperties: false }),
        response: { 200: listOf(PageSchema, 'Status pages'), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const at = paging(request.query);
      const all = await pages.listPages();
      return pagedList(request, reply, at, slice(all, at).map(serializePage), all.length);
    },
  );

  app.post(
    '/pages',
    {
      schema: {
        operationId: 'createPage',
        summary: 'Create a status page',
        description: 'The first page created becomes the default page, served at /.',
        tags,
        body: CreatePage,
        response: { 201: PageSchema, ...errorResponses(...WRITE_ERRORS, 409) },
      },
    },
    async (request, reply) => {
      const page = await pages.createPage(request.body);
      void reply.code(201).header('location', `${basePath}/pages/${page.id}`);
      return serializePage(page);
    },
  );

  itemRoutes(app, {
    path: '/pages/:pageId',
    idName: 'pageId',
    tags,
    schema: PageSchema,
    read: {
      operationId: 'getPage',
      summary: 'Get a status page',
      run: async (id) => serializePage(await pages.getPage(id)),
    },
    change: {
      operationId: 'updatePage',
      summary: 'Change a status page',
      description: 'Only the fields sent change.',
      body: UpdatePage,
      conflicts: true,
      run: async (id, input) => serializePage(await pages.updatePage(id, input)),
    },
    remove: {
      operationId: 'deletePage',
      summary: 'Delete a status page',
      description: 'Deletes the page with its groups, components, incidents and maintenances.',
      run: (id) => pages.deletePage(id),
    },
  });
}
