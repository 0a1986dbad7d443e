// Management API routes of status-page subscribers: list and search them (newest first), read
// one, remove one, and export them as CSV (`GET /subscribers.csv`, the same filters, every match).
// Tokens are never returned: they act for the subscriber. Addresses are personal data, so even
// reading needs a key of scope write (a read key is what dashboards and scripts get).
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import {
  SUBSCRIBER_CSV_HEADER,
  SUBSCRIBER_KINDS,
  SUBSCRIBER_STATUSES,
  type SubscriberView,
} from '../../services/subscriber-admin-service.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { itemRoutes } from './item-routes.js';
import { paging, pagedList } from './pagination.js';
import {
  errorResponses,
  isoOrNull,
  iso,
  listOf,
  NullableTimestamp,
  PagingQuery,
  StringEnum,
  Timestamp,
} from './schemas.js';

const SubscriberSchema = Type.Object(
  {
    id: Type.String(),
    page_id: Type.String(),
    kind: StringEnum(SUBSCRIBER_KINDS),
    address: Type.String({ description: 'The email address or the webhook URL' }),
    status: StringEnum(SUBSCRIBER_STATUSES, {
      description: 'pending: the email address has not confirmed yet; nothing is sent to it',
    }),
    component_ids: Type.Array(Type.String(), {
      description: 'The components chosen; empty: every component of the page',
    }),
    created_at: Timestamp,
    updated_at: Timestamp,
    confirmed_at: NullableTimestamp,
  },
  { description: 'A subscriber of a status page' },
);

const filters = {
  search: Type.Optional(
    Type.String({ maxLength: 200, description: 'Only addresses containing this, any case' }),
  ),
  page_id: Type.Optional(Type.String({ maxLength: 100, description: 'Only this page' })),
  kind: Type.Optional(StringEnum(SUBSCRIBER_KINDS)),
  status: Type.Optional(StringEnum(SUBSCRIBER_STATUSES)),
};

const tags = ['subscribers'];

function serializeSubscriber(subscriber: SubscriberView) {
  return {
    id: subscriber.id,
    page_id: subscriber.pageId,
    kind: subscriber.kind,
    address: subscriber.address,
    status: subscriber.status,
    component_ids: subscriber.componentIds,
    created_at: iso(subscriber.createdAt),
    updated_at: iso(subscriber.updatedAt),
    confirmed_at: isoOrNull(subscriber.confirmedAt),
  };
}

const queryOf = (query: {
  search?: unknown;
  page_id?: unknown;
  kind?: unknown;
  status?: unknown;
}) => ({
  search: query.search,
  pageId: query.page_id,
  kind: query.kind,
  status: query.status,
});

export function subscriberRoutes(app: ApiInstance, { deps }: ApiOptions): void {
  const subscribers = deps.services.subscriberAdmin;

  app.get(
    '/subscribers',
    {
      config: { readScope: 'write' },
      schema: {
        operationId: 'listSubscribers',
        summary: 'List status-page subscribers, newest first, with search and filters',
        tags,
        querystring: Type.Object({ ...PagingQuery, ...filters }, { additionalProperties: false }),
        response: { 200: listOf(SubscriberSchema, 'Subscribers'), ...errorResponses(400, 403) },
      },
    },
    async (request, reply) => {
      const at = paging(request.query);
      const { subscribers: page, total } = await subscribers.list({
        ...queryOf(request.query),
        limit: at.limit,
        offset: at.offset,
      });
      return pagedList(request, reply, at, page.map(serializeSubscriber), total);
    },
  );

  app.get(
    '/subscribers.csv',
    {
      config: { readScope: 'write' },
      schema: {
        operationId: 'exportSubscribers',
        summary: 'Export every matching subscriber as CSV',
        description:
          'The filters of `GET /subscribers`, without paging. RFC 4180 (CRLF, quoted where ' +
          `needed), a header record \`${SUBSCRIBER_CSV_HEADER.join(',')}\`; \`page\` is the ` +
          'page slug, `components` the chosen components’ names separated by `; ` (empty: all). ' +
          'A cell starting with = + - @ (or a tab or CR) is prefixed with a single quote so ' +
          'spreadsheets do not run it as a formula. Sent as an attachment (subscribers.csv).',
        tags,
        querystring: Type.Object(filters, { additionalProperties: false }),
        response: {
          200: {
            description: 'The subscribers as CSV',
            content: { 'text/csv': { schema: Type.String() } },
          },
          ...errorResponses(400, 403),
        },
      },
    },
    async (request, reply) => {
      const lines = subscribers.csv(queryOf(request.query));
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="subscribers.csv"')
          // Streamed record by record; the typed reply only knows the documented body type (text).
          .send(Readable.from(lines) as unknown as string)
      );
    },
  );

  itemRoutes(app, {
    path: '/subscribers/:subscriberId',
    idName: 'subscriberId',
    tags,
    schema: SubscriberSchema,
    readScope: 'write',
    read: {
      operationId: 'getSubscriber',
      summary: 'Get a subscriber',
      run: async (id) => serializeSubscriber(await subscribers.get(id)),
    },
    remove: {
      operationId: 'deleteSubscriber',
      summary: 'Remove a subscriber (its queued messages are dropped)',
      run: async (id) => {
        await subscribers.remove(id);
      },
    },
  });
}
