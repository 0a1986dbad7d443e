// Management API routes of API keys: the secret is in the creation response and nowhere else
// (only its hash is stored); DELETE revokes a key, which stays listed with revoked_at.
import { Type } from 'typebox';
import { API_KEY_SCOPES } from '../../services/api-key-service.js';
import type { ApiKeyRow } from '../../store/schema.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { itemRoutes } from './item-routes.js';
import { paging, pagedList } from './pagination.js';
import {
  errorResponses,
  idParams,
  iso,
  isoOrNull,
  listOf,
  NoContent,
  NullableTimestamp,
  PagingQuery,
  Timestamp,
  WRITE_ERRORS,
  StringEnum,
  TimestampValue,
} from './schemas.js';

const Scope = StringEnum(API_KEY_SCOPES, {
  description: 'read: GET requests only; write: everything',
});

const apiKeyFields = {
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'First characters of the secret, to recognise it' }),
  scope: Scope,
  created_at: Timestamp,
  last_used_at: Type.Union([TimestampValue, Type.Null()], {
    description: 'Last authenticated use (recorded at most once a minute)',
  }),
  revoked_at: NullableTimestamp,
};

const ApiKeySchema = Type.Object(apiKeyFields, { description: 'An API key (without its secret)' });
const CreatedApiKeySchema = Type.Object(
  {
    ...apiKeyFields,
    secret: Type.String({
      description: 'The key to send as `Authorization: Bearer <secret>`. Shown only this once.',
    }),
  },
  { description: 'The new API key with its secret' },
);

const CreateApiKey = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Who or what uses it' }),
    scope: Type.Optional(
      StringEnum(API_KEY_SCOPES, { description: 'read (the default) or write', default: 'read' }),
    ),
  },
  { additionalProperties: false },
);

const KeyParams = idParams('apiKeyId');
const tags = ['api-keys'];

function serializeApiKey(key: ApiKeyRow) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scope: key.scope,
    created_at: iso(key.created_at),
    last_used_at: isoOrNull(key.last_used_at),
    revoked_at: isoOrNull(key.revoked_at),
  };
}

export function apiKeyRoutes(app: ApiInstance, { deps, basePath }: ApiOptions): void {
  const apiKeys = deps.services.apiKeys;

  app.get(
    '/api-keys',
    {
      schema: {
        operationId: 'listApiKeys',
        summary: 'List API keys, newest first, revoked ones included',
        tags,
        querystring: Type.Object(PagingQuery, { additionalProperties: false }),
        response: { 200: listOf(ApiKeySchema, 'API keys'), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const at = paging(request.query);
      const { keys, total } = await apiKeys.list(at.limit, at.offset);
      return pagedList(request, reply, at, keys.map(serializeApiKey), total);
    },
  );

  app.post(
    '/api-keys',
    {
      schema: {
        operationId: 'createApiKey',
        summary: 'Create an API key',
        description:
          'The response holds the secret; store it now: Vigil keeps only its hash and cannot ' +
          'show it again.',
        tags,
        body: CreateApiKey,
        response: { 201: CreatedApiKeySchema, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const { key, secret } = await apiKeys.create({
        name: request.body.name,
        scope: request.body.scope,
      });
      void reply
        .code(201)
        .header('location', `${basePath}/api-keys/${key.id}`)
        .header('cache-control', 'no-store');
      return { ...serializeApiKey(key), secret };
    },
  );

  itemRoutes(app, {
    path: '/api-keys/:apiKeyId',
    idName: 'apiKeyId',
    tags,
    schema: ApiKeySchema,
    read: {
      operationId: 'getApiKey',
      summary: 'Get an API key (without its secret)',
      run: async (id) => serializeApiKey(await apiKeys.get(id)),
    },
  });

  app.delete(
    '/api-keys/:apiKeyId',
    {
      schema: {
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        description: 'Requests with it fail with 401 from now on. Revoking twice is a 400.',
        tags,
        params: KeyParams,
        response: { 204: NoContent, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      await apiKeys.revoke(request.params.apiKeyId);
      return reply.code(204).send(null);
    },
  );
}
