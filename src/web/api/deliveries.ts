// Management API routes of the delivery log: deliveries newest first (filter dead ones for the
// dead letters; by target, channel or subscriber), one delivery with every attempt, and retrying
// one.
import { Type } from 'typebox';
import {
  DELIVERY_STATUSES,
  DELIVERY_TARGETS,
  type DeliveryDetail,
} from '../../services/delivery-service.js';
import type { DeliveryLogEntry } from '../../store/delivery-repository.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { paging, pagedList } from './pagination.js';
import {
  emptyBodyAsObject,
  errorResponses,
  idParams,
  iso,
  isoOrNull,
  listOf,
  NoBody,
  NullableString,
  NullableTimestamp,
  PagingQuery,
  StringEnum,
  Timestamp,
  WRITE_ERRORS,
} from './schemas.js';

const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

const deliveryFields = {
  id: Type.String({ description: 'Delivery id' }),
  event_id: Type.String({ description: 'The id receivers see as Vigil-Event-Id' }),
  event_type: Type.String(),
  channel_id: Type.Union([Type.String(), Type.Null()], {
    description: 'The channel, or null for a delivery to a subscriber',
  }),
  subscriber_id: Type.Union([Type.String(), Type.Null()], {
    description: 'The status-page subscriber, or null for a delivery to a channel',
  }),
  status: StringEnum(DELIVERY_STATUSES, {
    description: 'dead: every attempt failed (a dead letter)',
  }),
  attempts: Type.Integer(),
  next_attempt_at: Timestamp,
  last_error: NullableString,
  last_status_code: NullableInteger,
  delivered_at: NullableTimestamp,
  created_at: Timestamp,
};

const DeliverySchema = Type.Object(deliveryFields, {
  description: 'One event for one channel or subscriber',
});

const DeliveryDetailSchema = Type.Object(
  {
    ...deliveryFields,
    attempt_log: Type.Array(
      Type.Object({
        attempt: Type.Integer(),
        at: Timestamp,
        ok: Type.Boolean(),
        status_code: NullableInteger,
        error: NullableString,
        duration_ms: Type.Integer(),
        notifier: Type.String({ description: 'Which notifier instance made the attempt' }),
      }),
    ),
  },
  { description: 'A delivery with every attempt made' },
);

const tags = ['deliveries'];

function serializeDelivery(delivery: DeliveryLogEntry) {
  return {
    id: String(delivery.id),
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    channel_id: delivery.channelId,
    subscriber_id: delivery.subscriberId,
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: iso(delivery.nextAttemptAt),
    last_error: delivery.lastError,
    last_status_code: delivery.lastStatusCode,
    delivered_at: isoOrNull(delivery.deliveredAt),
    created_at: iso(delivery.createdAt),
  };
}

function serializeDetail(delivery: DeliveryDetail) {
  return {
    ...serializeDelivery(delivery),
    attempt_log: delivery.attemptLog.map((attempt) => ({
      attempt: attempt.attempt,
      at: iso(attempt.at),
      ok: attempt.ok,
      status_code: attempt.status_code,
      error: attempt.error,
      duration_ms: attempt.duration_ms,
      notifier: attempt.notifier,
    })),
  };
}

export function deliveryRoutes(app: ApiInstance, { deps }: ApiOptions): void {
  const deliveries = deps.services.deliveries;

  app.get(
    '/deliveries',
    {
      schema: {
        operationId: 'listDeliveries',
        summary: 'List deliveries, newest first; `status=dead` lists the dead letters',
        description:
          'Filters combine. A delivery goes to one channel or one subscriber, so `channel_id` ' +
          'with `subscriber_id`, or either with the other `target`, is refused (400).',
        tags,
        querystring: Type.Object(
          {
            ...PagingQuery,
            status: Type.Optional(StringEnum(DELIVERY_STATUSES)),
            target: Type.Optional(
              StringEnum(DELIVERY_TARGETS, {
                description:
                  'channel: only deliveries to channels; subscriber: only to subscribers',
              }),
            ),
            channel_id: Type.Optional(
              Type.String({ maxLength: 100, description: 'Only this channel' }),
            ),
            subscriber_id: Type.Optional(
              Type.String({ maxLength: 100, description: 'Only this status-page subscriber' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(DeliverySchema, 'Deliveries'), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const at = paging(request.query);
      const { deliveries: page, total } = await deliveries.list({
        limit: at.limit,
        offset: at.offset,
        status: request.query.status,
        target: request.query.target,
        channelId: request.query.channel_id,
        subscriberId: request.query.subscriber_id,
      });
      return pagedList(request, reply, at, page.map(serializeDelivery), total);
    },
  );

  app.get(
    '/deliveries/:deliveryId',
    {
      schema: {
        operationId: 'getDelivery',
        summary: 'Get a delivery with every attempt made',
        tags,
        params: idParams('deliveryId'),
        response: { 200: DeliveryDetailSchema, ...errorResponses(404) },
      },
    },
    async (request) => serializeDetail(await deliveries.get(request.params.deliveryId)),
  );

  app.post(
    '/deliveries/:deliveryId/retry',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        operationId: 'retryDelivery',
        summary: 'Send a pending or dead delivery again now, with a fresh set of attempts',
        description: 'Takes no fields. A delivered one is not sent again (400).',
        tags,
        params: idParams('deliveryId'),
        body: NoBody,
        response: { 200: DeliveryDetailSchema, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request) => serializeDetail(await deliveries.retry(request.params.deliveryId)),
  );
}
