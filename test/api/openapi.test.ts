// The management API's OpenAPI document describes exactly the routes the server has, in valid
// OpenAPI 3 structure, and its browsable docs work in Chromium under the strict CSP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from '../e2e/support/browser.js';
import { databaseBackends } from '../support/databases.js';
import { chromiumUnavailable } from '../support/services.js';
import { startTestWeb, type TestWeb } from '../support/web.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Method + OpenAPI path of every route Fastify has under /api/v1, read from its route tree. */
function serverRoutes(web: TestWeb): Set<string> {
  const routes = new Set<string>();
  const stack: string[] = [];
  const tree = web.app.printRoutes({ commonPrefix: false });
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('');
    const documentable =
      path.startsWith('/api/v1/') &&
      !path.startsWith('/api/v1/docs') &&
      path !== '/api/v1/openapi.json';
    if (!documentable || !match[3]) continue;
    for (const method of match[3].split(', ')) {
      if (method !== 'HEAD') routes.add(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes;
}

/** Resolves a local `#/...` reference in the document, or fails. */
function resolveRef(doc: Record<string, unknown>, ref: string): unknown {
  assert.ok(ref.startsWith('#/'), `local ref ${ref}`);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[part];
    assert.ok(node !== undefined, `ref ${ref} resolves`);
  }
  return node;
}

function collectRefs(node: unknown, refs: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, refs));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.push(value);
      else collectRefs(value, refs);
    }
  }
  return refs;
}

for (const backend of await databaseBackends()) {
  describe(`management API OpenAPI document on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    // The document is free-form JSON checked key by key below.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let doc: any;

    before(async () => {
      web = await startTestWeb(await backend.create());
      const response = await fetch(`${web.baseUrl}/api/v1/openapi.json`);
      assert.equal(response.status, 200, 'served without authentication');
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      doc = await response.json();
    });
    after(() => web?.close());

    it('is an OpenAPI 3 document with info, bearer security and tags', () => {
      assert.match(doc.openapi, /^3\.\d+\.\d+$/);
      assert.equal(doc.info.title, 'Vigil management API');
      assert.match(doc.info.version, /^\d+\.\d+\.\d+$/);
      assert.deepEqual(doc.components.securitySchemes.apiKey, {
        type: 'http',
        scheme: 'bearer',
        description: doc.components.securitySchemes.apiKey.description,
      });
      assert.ok(doc.security.some((s: object) => 'apiKey' in s));
      const tagNames = doc.tags.map((t: { name: string }) => t.name);
      assert.deepEqual(tagNames, [
        'pages',
        'groups',
        'components',
        'incidents',
        'maintenances',
        'api-keys',
        'monitors',
        'probe-tokens',
        'channels',
        'deliveries',
        'subscribers',
        'heartbeats',
      ]);
      assert.deepEqual(Object.keys(doc.components.schemas.Error.properties), ['error']);
    });

    it('documents exactly the routes the server has under /api/v1', () => {
      const documented = new Set<string>();
      for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
        for (const method of Object.keys(item).filter((key) => METHODS.includes(key))) {
          documented.add(`${method.toUpperCase()} ${path}`);
        }
      }
      const routes = serverRoutes(web);
      assert.ok(routes.size >= 33, `found ${routes.size} routes`);
      assert.deepEqual([...documented].sort(), [...routes].sort());
    });

    it('keeps every operation id and tag: clients generate code from them', () => {
      const operations: Record<string, [string, string]> = {};
      for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          if (!METHODS.includes(method)) continue;
          const { operationId, tags } = op as { operationId: string; tags: string[] };
          operations[`${method.toUpperCase()} ${path.slice('/api/v1'.length)}`] = [
            operationId,
            tags.join(),
          ];
        }
      }
      assert.deepEqual(operations, {
        'GET /pages': ['listPages', 'pages'],
        'POST /pages': ['createPage', 'pages'],
        'GET /pages/{pageId}': ['getPage', 'pages'],
        'PATCH /pages/{pageId}': ['updatePage', 'pages'],
        'DELETE /pages/{pageId}': ['deletePage', 'pages'],
        'GET /pages/{pageId}/groups': ['listGroups', 'groups'],
        'POST /pages/{pageId}/groups': ['createGroup', 'groups'],
        'GET /groups/{groupId}': ['getGroup', 'groups'],
        'PATCH /groups/{groupId}': ['updateGroup', 'groups'],
        'DELETE /groups/{groupId}': ['deleteGroup', 'groups'],
        'GET /pages/{pageId}/components': ['listComponents', 'components'],
        'POST /pages/{pageId}/components': ['createComponent', 'components'],
        'GET /components/{componentId}': ['getComponent', 'components'],
        'PATCH /components/{componentId}': ['updateComponent', 'components'],
        'DELETE /components/{componentId}': ['deleteComponent', 'components'],
        'GET /pages/{pageId}/incidents': ['listIncidents', 'incidents'],
        'POST /pages/{pageId}/incidents': ['createIncident', 'incidents'],
        'GET /incidents/{incidentId}': ['getIncident', 'incidents'],
        'PATCH /incidents/{incidentId}': ['updateIncident', 'incidents'],
        'DELETE /incidents/{incidentId}': ['deleteIncident', 'incidents'],
        'POST /incidents/{incidentId}/updates': ['postIncidentUpdate', 'incidents'],
        'GET /incidents/{incidentId}/updates/{updateId}': ['getIncidentUpdate', 'incidents'],
        'PATCH /incidents/{incidentId}/updates/{updateId}': ['editIncidentUpdate', 'incidents'],
        'GET /pages/{pageId}/maintenances': ['listMaintenances', 'maintenances'],
        'POST /pages/{pageId}/maintenances': ['createMaintenance', 'maintenances'],
        'GET /maintenances/{maintenanceId}': ['getMaintenance', 'maintenances'],
        'PATCH /maintenances/{maintenanceId}': ['updateMaintenance', 'maintenances'],
        'DELETE /maintenances/{maintenanceId}': ['deleteMaintenance', 'maintenances'],
        'POST /maintenances/{maintenanceId}/updates': ['postMaintenanceUpdate', 'maintenances'],
        'GET /maintenances/{maintenanceId}/updates/{updateId}': [
          'getMaintenanceUpdate',
          'maintenances',
        ],
        'PATCH /maintenances/{maintenanceId}/updates/{updateId}': [
          'editMaintenanceUpdate',
          'maintenances',
        ],
        'GET /api-keys': ['listApiKeys', 'api-keys'],
        'POST /api-keys': ['createApiKey', 'api-keys'],
        'GET /api-keys/{apiKeyId}': ['getApiKey', 'api-keys'],
        'DELETE /api-keys/{apiKeyId}': ['revokeApiKey', 'api-keys'],
        'GET /monitors': ['listMonitors', 'monitors'],
        'POST /monitors': ['createMonitor', 'monitors'],
        'GET /monitors/{monitorId}': ['getMonitor', 'monitors'],
        'PATCH /monitors/{monitorId}': ['updateMonitor', 'monitors'],
        'DELETE /monitors/{monitorId}': ['deleteMonitor', 'monitors'],
        'POST /monitors/{monitorId}/pause': ['pauseMonitor', 'monitors'],
        'POST /monitors/{monitorId}/resume': ['resumeMonitor', 'monitors'],
        'GET /monitors/{monitorId}/results': ['listMonitorResults', 'monitors'],
        'GET /monitors/{monitorId}/transitions': ['listMonitorTransitions', 'monitors'],
        'GET /monitors/{monitorId}/status': ['getMonitorStatus', 'monitors'],
        'GET /monitors/{monitorId}/uptime': ['getMonitorUptime', 'monitors'],
        'GET /monitors/{monitorId}/latency': ['getMonitorLatency', 'monitors'],
        'GET /components/{componentId}/uptime': ['getComponentUptime', 'components'],
        'GET /probe-tokens': ['listProbeTokens', 'probe-tokens'],
        'POST /probe-tokens': ['createProbeToken', 'probe-tokens'],
        'GET /probe-tokens/{tokenId}': ['getProbeToken', 'probe-tokens'],
        'DELETE /probe-tokens/{tokenId}': ['revokeProbeToken', 'probe-tokens'],
        'GET /channels': ['listChannels', 'channels'],
        'POST /channels': ['createChannel', 'channels'],
        'GET /channels/{channelId}': ['getChannel', 'channels'],
        'PATCH /channels/{channelId}': ['updateChannel', 'channels'],
        'DELETE /channels/{channelId}': ['deleteChannel', 'channels'],
        'POST /channels/{channelId}/test': ['testChannel', 'channels'],
        'GET /channels/{channelId}/routes': ['listChannelRoutes', 'channels'],
        'POST /channels/{channelId}/routes': ['createChannelRoute', 'channels'],
        'DELETE /routes/{routeId}': ['deleteChannelRoute', 'channels'],
        'GET /deliveries': ['listDeliveries', 'deliveries'],
        'GET /deliveries/{deliveryId}': ['getDelivery', 'deliveries'],
        'POST /deliveries/{deliveryId}/retry': ['retryDelivery', 'deliveries'],
        'GET /subscribers': ['listSubscribers', 'subscribers'],
        'GET /subscribers.csv': ['exportSubscribers', 'subscribers'],
        'GET /subscribers/{subscriberId}': ['getSubscriber', 'subscribers'],
        'DELETE /subscribers/{subscriberId}': ['deleteSubscriber', 'subscribers'],
        'GET /heartbeat/{secret}': ['getHeartbeatPing', 'heartbeats'],
        'POST /heartbeat/{secret}': ['postHeartbeatPing', 'heartbeats'],
        'GET /heartbeat/{secret}/fail': ['getHeartbeatFailure', 'heartbeats'],
        'POST /heartbeat/{secret}/fail': ['postHeartbeatFailure', 'heartbeats'],
      });
    });

    it('gives every operation a unique id, a tag, path parameters and error responses', () => {
      const operationIds = new Set<string>();
      for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
        assert.ok(path.startsWith('/api/v1/'), path);
        for (const [method, op] of Object.entries(item)) {
          if (!METHODS.includes(method)) continue;
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form JSON
          const operation = op as any;
          const where = `${method} ${path}`;
          assert.match(operation.operationId ?? '', /^[a-z][A-Za-z]+$/, where);
          assert.ok(!operationIds.has(operation.operationId), `duplicate ${operation.operationId}`);
          operationIds.add(operation.operationId);
          assert.ok(operation.summary, `${where} has a summary`);
          assert.equal(operation.tags?.length, 1, where);
          assert.ok(
            doc.tags.some((t: { name: string }) => t.name === operation.tags[0]),
            where,
          );
          const declared = (operation.parameters ?? [])
            .filter((p: { in: string }) => p.in === 'path')
            .map((p: { name: string; required: boolean }) => {
              assert.equal(p.required, true, where);
              return p.name;
            });
          const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
          assert.deepEqual(declared.sort(), inPath.sort(), where);
          const statuses = Object.keys(operation.responses);
          assert.ok(
            statuses.some((s) => /^2\d\d$/.test(s)),
            `${where} has a success response`,
          );
          for (const status of ['401', '429']) {
            assert.equal(
              operation.responses[status]?.content?.['application/json']?.schema?.$ref,
              '#/components/schemas/Error',
              `${where} ${status}`,
            );
          }
          for (const response of Object.values<{ description?: string }>(operation.responses)) {
            assert.ok(response.description, `${where} response described`);
          }
          // Heartbeat pings take whatever a cron job's HTTP client sends, or nothing.
          if (['post', 'patch'].includes(method) && operation.tags[0] !== 'heartbeats') {
            const body = operation.requestBody?.content?.['application/json']?.schema;
            assert.equal(body?.type, 'object', `${where} takes a JSON object`);
            assert.equal(body?.additionalProperties, false, `${where} refuses unknown fields`);
            assert.ok(operation.responses['400'] && operation.responses['403'], where);
          }
        }
      }
      for (const ref of collectRefs(doc)) resolveRef(doc, ref);
    });

    it('uses no JSON Schema constructs OpenAPI 3.0 lacks', () => {
      const text = JSON.stringify(doc);
      assert.ok(!text.includes('"patternProperties"'));
      assert.ok(!text.includes('"type":"null"'));
      assert.ok(!/"type":\[/.test(text));
      assert.ok(!text.includes('"$id"'));
    });
  });
}

describe('management API docs page in Chromium', { skip: chromiumUnavailable() }, () => {
  let web: TestWeb;
  before(async () => {
    // The docs page does not depend on the database backend, so one backend is enough.
    const [pglite] = await databaseBackends();
    web = await startTestWeb(await pglite!.create());
  });
  after(() => web?.close());

  it('renders every operation with no CSP violation or script error', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('requestfailed', (request) => problems.push(`failed ${request.url()}`));
      const response = await page.goto(`${web.baseUrl}/api/v1/docs`);
      assert.equal(response?.status(), 200);
      assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'(;|$)/);
      await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
      assert.match(
        (await page.locator('.info .title').textContent()) ?? '',
        /Vigil management API/,
      );
      const operations = await page.locator('.opblock').count();
      assert.ok(operations >= 33, `${operations} operations shown`);
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
});
