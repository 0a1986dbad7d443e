// Management API routes of probe tokens: one per probe agent, bound to a region; the secret is in
// the creation response only, and DELETE revokes a token, which stays listed with revoked_at.
import { Type } from 'typebox';
import type { ProbeTokenRow } from '../../store/schema.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { itemRoutes } from './item-routes.js';
import { paging, pagedList, slice } from './pagination.js';
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
} from './schemas.js';

const Region = Type.String({
  minLength: 1,
  maxLength: 63,
  description: 'Region slug, e.g. eu-west: lowercase letters, digits and hyphens',
});

const probeTokenFields = {
  id: Type.String(),
  region: Region,
  name: Type.String(),
  created_at: Timestamp,
  last_seen_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When an agent last used it',
  }),
  revoked_at: NullableTimestamp,
};

const ProbeTokenSchema = Type.Object(probeTokenFields, {
  description: 'A probe token (without its secret)',
});
const CreatedProbeTokenSchema = Type.Object(
  {
    ...probeTokenFields,
    secret: Type.String({
      description: 'Give it to the agent: `vigil serve --role probe --token`. Shown only once.',
    }),
  },
  { description: 'The new probe token with its secret' },
);

const CreateProbeToken = Type.Object(
  {
    region: Region,
    name: Type.Optional(Type.String({ maxLength: 100, description: 'Which agent uses it' })),
  },
  { additionalProperties: false },
);

const tags = ['probe-tokens'];

function serializeProbeToken(token: ProbeTokenRow) {
  return {
    id: token.id,
    region: token.region,
    name: token.name,
    created_at: iso(token.created_at),
    last_seen_at: isoOrNull(token.last_seen_at),
    revoked_at: isoOrNull(token.revoked_at),
  };
}

export function probeTokenRoutes(app: ApiInstance, { deps, basePath }: ApiOptions): void {
  const probeTokens = deps.services.probeTokens;

  app.get(
    '/probe-tokens',
    {
      schema: {
        operationId: 'listProbeTokens',
        summary: 'List probe tokens, oldest first, revoked ones included',
        tags,
        querystring: Type.Object(
          {
            ...PagingQuery,
            region: Type.Optional(Type.String({ description: 'Only this region' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(ProbeTokenSchema, 'Probe tokens'), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const at = paging(request.query);
      const all = await probeTokens.list(request.query.region);
      return pagedList(request, reply, at, slice(all, at).map(serializeProbeToken), all.length);
    },
  );

  app.post(
    '/probe-tokens',
    {
      schema: {
        operationId: 'createProbeToken',
        summary: 'Create a probe token for a region',
        description: 'The response holds the secret; Vigil keeps only its hash.',
        tags,
        body: CreateProbeToken,
        response: { 201: CreatedProbeTokenSchema, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const { token, secret } = await probeTokens.create(request.body);
      void reply
        .code(201)
        .header('location', `${basePath}/probe-tokens/${token.id}`)
        .header('cache-control', 'no-store');
      return { ...serializeProbeToken(token), secret };
    },
  );

  itemRoutes(app, {
    path: '/probe-tokens/:tokenId',
    idName: 'tokenId',
    tags,
    schema: ProbeTokenSchema,
    read: {
      operationId: 'getProbeToken',
      summary: 'Get a probe token (without its secret)',
      run: async (id) => serializeProbeToken(await probeTokens.get(id)),
    },
  });

  app.delete(
    '/probe-tokens/:tokenId',
    {
      schema: {
        operationId: 'revokeProbeToken',
        summary: 'Revoke a probe token',
        description: 'Agents using it are refused from now on. Revoking twice is a 400.',
        tags,
        params: idParams('tokenId'),
        response: { 204: NoContent, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      await probeTokens.revoke(request.params.tokenId);
      return reply.code(204).send(null);
    },
  );
}
