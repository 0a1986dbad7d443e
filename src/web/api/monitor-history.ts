// Management API routes of what happened to monitors: raw results and transitions (cursor
// pages), current state, uptime of a monitor or a component, and latency percentiles.
import { Type } from 'typebox';
import {
  MAX_HISTORY_PAGE,
  MAX_UPTIME_DAYS,
  type LatencyRange,
} from '../../services/monitor-history-service.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { cursorList, cursorListOf, CursorQuery, decodeCursor } from './cursor.js';
import {
  LatencySchema,
  ResultSchema,
  serializeLatency,
  serializeResult,
  serializeStatus,
  serializeTransition,
  serializeUptime,
  StatusSchema,
  TransitionSchema,
  UptimeSchema,
} from './monitor-history-schemas.js';
import type { Uptime } from '../../store/rollups.js';
import { errorResponses, idParams, StringEnum } from './schemas.js';

const tags = ['monitors'];
const DEFAULT_LIMIT = 50;
const DEFAULT_UPTIME_DAYS = 90;

const Limit = Type.Optional(
  Type.Integer({
    minimum: 1,
    maximum: MAX_HISTORY_PAGE,
    default: DEFAULT_LIMIT,
    description: 'Items per page',
  }),
);
const UptimeQuery = Type.Object(
  {
    days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_UPTIME_DAYS,
        default: DEFAULT_UPTIME_DAYS,
        description: 'UTC days to cover, ending today',
      }),
    ),
  },
  { additionalProperties: false },
);
/** Every key of LATENCY_RANGES (checked by `satisfies` and the test of each range). */
const RANGES = ['24h', '7d', '30d'] as const satisfies readonly LatencyRange[];

export function monitorHistoryRoutes(app: ApiInstance, { deps }: ApiOptions): void {
  const history = deps.services.monitorHistory;
  const monitorParams = idParams('monitorId');

  app.get(
    '/monitors/:monitorId/results',
    {
      schema: {
        operationId: 'listMonitorResults',
        summary: 'List the recent raw results of a monitor, newest first',
        description:
          `Raw results are kept for VIGIL_RETENTION_DAYS days. Paged by cursor: pass ` +
          '`next_cursor` (also in the Link rel="next" header) as `cursor` for older results.',
        tags,
        params: monitorParams,
        querystring: Type.Object(
          {
            limit: Limit,
            ...CursorQuery,
            region: Type.Optional(
              Type.String({ minLength: 1, maxLength: 64, description: 'Only this region' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: cursorListOf(ResultSchema, 'Results'), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { limit = DEFAULT_LIMIT, cursor, region } = request.query;
      const after = decodeCursor(cursor);
      const page = await history.results(request.params.monitorId, {
        limit,
        region,
        after: after && { checkedAt: after.at, id: after.id },
      });
      const next = page.next && { at: page.next.checkedAt, id: page.next.id };
      return cursorList(request, reply, page.items.map(serializeResult), next);
    },
  );

  app.get(
    '/monitors/:monitorId/transitions',
    {
      schema: {
        operationId: 'listMonitorTransitions',
        summary: 'List the status changes of a monitor with their reasons, newest first',
        description: 'Paged by cursor like the results.',
        tags,
        params: monitorParams,
        querystring: Type.Object({ limit: Limit, ...CursorQuery }, { additionalProperties: false }),
        response: {
          200: cursorListOf(TransitionSchema, 'Transitions'),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { limit = DEFAULT_LIMIT, cursor } = request.query;
      const page = await history.transitions(request.params.monitorId, {
        limit,
        after: decodeCursor(cursor),
      });
      return cursorList(request, reply, page.items.map(serializeTransition), page.next);
    },
  );

  app.get(
    '/monitors/:monitorId/status',
    {
      schema: {
        operationId: 'getMonitorStatus',
        summary: 'Get the current state of a monitor and the verdict of each region',
        tags,
        params: monitorParams,
        response: { 200: StatusSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const id = request.params.monitorId;
      return serializeStatus(id, await history.status(id));
    },
  );

  uptimeRoute(app, {
    path: '/monitors/:monitorId/uptime',
    idName: 'monitorId',
    operationId: 'getMonitorUptime',
    summary: 'Get the uptime of a monitor per UTC day',
    tag: 'monitors',
    read: (id, days) => history.monitorUptime(id, days),
  });
  uptimeRoute(app, {
    path: '/components/:componentId/uptime',
    idName: 'componentId',
    operationId: 'getComponentUptime',
    summary: 'Get the uptime of a component (all its monitors together) per UTC day',
    tag: 'components',
    read: (id, days) => history.componentUptime(id, days),
  });

  app.get(
    '/monitors/:monitorId/latency',
    {
      schema: {
        operationId: 'getMonitorLatency',
        summary: 'Get the latency percentiles of a monitor over a recent range',
        description: '24h and 7d are hourly buckets, 30d daily ones.',
        tags,
        params: monitorParams,
        querystring: Type.Object(
          { range: Type.Optional(StringEnum(RANGES, { default: '24h' })) },
          { additionalProperties: false },
        ),
        response: { 200: LatencySchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      // The query schema admits only RANGES.
      const range = (request.query.range ?? '24h') as LatencyRange;
      return serializeLatency(await history.latency(request.params.monitorId, range));
    },
  );
}

/** GET `path`?days= answering the uptime that `read` gives for the id in the path. */
function uptimeRoute<K extends string>(
  app: ApiInstance,
  route: {
    path: string;
    idName: K;
    operationId: string;
    summary: string;
    tag: string;
    read: (id: string, days: number) => Promise<Uptime>;
  },
): void {
  app.get(
    route.path,
    {
      schema: {
        operationId: route.operationId,
        summary: route.summary,
        tags: [route.tag],
        params: idParams(route.idName),
        querystring: UptimeQuery,
        response: { 200: UptimeSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      // The params schema is exactly { [idName]: string }; TypeScript cannot follow a generic key.
      const params = request.params as Record<K, string>;
      const days = request.query.days ?? DEFAULT_UPTIME_DAYS;
      return serializeUptime(await route.read(params[route.idName], days));
    },
  );
}
