// The OpenAPI 3 document of the management API (built from the routes' own schemas) at
// /api/v1/openapi.json, and Swagger UI to browse and try it at /api/v1/docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const API_VERSION = '1.0.0';

const DESCRIPTION = `Manage Vigil status pages, components, incidents, scheduled maintenances, monitors, probe tokens,
notification channels and API keys, and read the delivery log.

**Authentication**: send \`Authorization: Bearer <api key>\`. A key with scope \`read\` may only
GET; scope \`write\` may do everything. A signed-in admin's session cookie works too.

**Conventions**: JSON only (\`Content-Type: application/json\`), snake_case fields, ISO 8601 UTC
timestamps. Lists are paged with \`?page=&per_page=\` (at most 100) and answer
\`{ "data": [...], "pagination": {...} }\` with a \`Link\` header (rel first, prev, next, last).
Creation answers 201 with a \`Location\` header; deletion answers 204.

**Errors**: every rejected request answers 4xx with \`{ "error": { "code", "message", "field"? } }\`;
\`field\` names the offending field. Nothing is written by a rejected request.`;

const TAGS = [
  { name: 'pages', description: 'Status pages' },
  { name: 'groups', description: 'Groups of components on a page' },
  { name: 'components', description: 'Components of a page and their status' },
  { name: 'incidents', description: 'Incidents and their updates' },
  { name: 'maintenances', description: 'Scheduled maintenances and their updates' },
  { name: 'api-keys', description: 'Keys for this API' },
  { name: 'monitors', description: 'Monitors: what is checked, from where, and by which rules' },
  { name: 'probe-tokens', description: 'Credentials of probe agents, one region each' },
  {
    name: 'channels',
    description: 'Notification channels (secrets write-only) and the routes of events to them',
  },
  { name: 'deliveries', description: 'The delivery log: every event sent to every channel' },
  {
    name: 'subscribers',
    description: 'Subscribers of the status pages: list, search, export (CSV) and remove',
  },
  {
    name: 'heartbeats',
    description: 'Push URLs of heartbeat monitors: the secret in the path is the credential',
  },
];

/** Registers the document generator; call before the routes it is to describe. */
export async function registerOpenApi(app: FastifyInstance, basePath: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Vigil management API', version: API_VERSION, description: DESCRIPTION },
      tags: TAGS,
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key: `Authorization: Bearer vgl_...`',
          },
          adminSession: {
            type: 'apiKey',
            in: 'cookie',
            name: 'vigil_session',
            description: 'The session of an admin signed in at /admin',
          },
        },
      },
      security: [{ apiKey: [] }, { adminSession: [] }],
    },
    // Shared schemas (the error shape) appear under components.schemas by their own $id.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });

  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('access-control-allow-origin', '*').send(app.swagger()),
  );

  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Links in the docs page are built from this; the plugin only knows its own prefix.
    indexPrefix: basePath,
    theme: { title: 'Vigil management API' },
    uiConfig: {
      // The default would load a badge from validator.swagger.io: blocked by our CSP, and a leak.
      validatorUrl: null,
      // Without the standalone top bar, whose inline SVG <style> our CSP refuses.
      layout: 'BaseLayout',
      deepLinking: true,
      persistAuthorization: false,
    },
  });
}
