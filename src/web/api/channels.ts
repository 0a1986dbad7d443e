// Management API routes of notification channels and their routes: list, create, read, change,
// delete, and "send test". Secrets are write-only: a channel shows only whether each is set;
// PATCH keeps a secret it is not sent and removes one sent as null.
import { Type } from 'typebox';
import { NOTIFICATION_EVENT_KINDS } from '../../domain/notifications/index.js';
import type { AnyChannelType } from '../../notifier/channel.js';
import { allChannelTypes, channelTypeNames } from '../../notifier/channels/index.js';
import type { ChannelView } from '../../services/channel-service.js';
import type { RouteRow } from '../../store/channel-repository.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { itemRoutes } from './item-routes.js';
import { paging, pagedList, slice } from './pagination.js';
import {
  emptyBodyAsObject,
  errorResponses,
  idParams,
  iso,
  listOf,
  NoBody,
  NoContent,
  NullableString,
  PagingQuery,
  StringEnum,
  Timestamp,
  WRITE_ERRORS,
} from './schemas.js';

/** Lists every registered type's settings, so a new type is documented by registering it. */
const CONFIG_DESCRIPTION =
  'Settings of the channel type (docs/notifications.md, "Channel types"); write-only ones are ' +
  `never returned. ${allChannelTypes().map(typeSettings).join('; ')}.`;

function typeSettings(type: AnyChannelType): string {
  const setting = (field: string) => {
    const notes = [type.hints[field]?.required ? 'required' : 'optional'];
    if (type.secretFields.includes(field)) notes.push('write-only');
    return `\`${field}\` (${notes.join(', ')})`;
  };
  return `${type.type}: ${type.fields.map(setting).join(', ')}`;
}

const ChannelSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    type: StringEnum(channelTypeNames()),
    enabled: Type.Boolean(),
    config: Type.Object(
      {},
      { additionalProperties: true, description: 'The settings, without the secret ones' },
    ),
    secrets: Type.Object(
      {},
      {
        additionalProperties: Type.Boolean(),
        description: 'For each secret setting, whether it is set (secrets are never returned)',
      },
    ),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { description: 'A notification channel' },
);

const Name = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'Unique; config files refer to it',
});

const CreateChannel = Type.Object(
  {
    name: Name,
    type: StringEnum(channelTypeNames()),
    config: Type.Object({}, { additionalProperties: true, description: CONFIG_DESCRIPTION }),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

const UpdateChannel = Type.Object(
  {
    name: Type.Optional(Name),
    config: Type.Optional(
      Type.Object(
        {},
        {
          additionalProperties: true,
          description: `${CONFIG_DESCRIPTION} Merged into the stored settings: a setting left out keeps its value, one set to null is removed.`,
        },
      ),
    ),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const TestResultSchema = Type.Object(
  {
    ok: Type.Boolean({ description: 'The receiver accepted the test event' }),
    status_code: Type.Union([Type.Integer(), Type.Null()], {
      description: "The receiver's HTTP status, if it answered",
    }),
    error: NullableString,
  },
  { description: 'What happened to the test event' },
);

const RouteSchema = Type.Object(
  {
    id: Type.String(),
    channel_id: Type.String(),
    monitor_id: NullableString,
    component_id: NullableString,
    event_kinds: Type.Array(Type.String(), {
      description: 'Event types this route sends; empty: the default set',
    }),
    remind_every: Type.Union([Type.Integer(), Type.Null()], {
      description:
        'Minutes between "still down" reminders (monitor.reminder) while a monitor stays down; null: none',
    }),
    created_at: Timestamp,
  },
  { description: 'Which events of which monitor or component go to the channel' },
);

const CreateRoute = Type.Object(
  {
    monitor_id: Type.Optional(Type.String({ description: 'Only this monitor’s events' })),
    component_id: Type.Optional(
      Type.String({ description: 'Only events of this component’s monitors and incidents' }),
    ),
    event_kinds: Type.Optional(
      Type.Array(StringEnum(NOTIFICATION_EVENT_KINDS), {
        description: 'Event types to send; leave out for the default set',
      }),
    ),
    remind_every: Type.Optional(
      Type.Union([Type.Integer({ minimum: 5, maximum: 10080 }), Type.Null()], {
        description:
          'Minutes between "still down" reminders while a monitor stays down (5 to 10080, one week); null or left out: none',
      }),
    ),
  },
  { additionalProperties: false },
);

const tags = ['channels'];

export function serializeChannel(channel: ChannelView) {
  return {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    enabled: channel.enabled,
    config: channel.config,
    secrets: channel.secrets,
    created_at: iso(channel.created_at),
    updated_at: iso(channel.updated_at),
  };
}

function serializeRoute(route: RouteRow) {
  return {
    id: route.id,
    channel_id: route.channel_id,
    monitor_id: route.monitor_id,
    component_id: route.component_id,
    event_kinds: route.event_kinds,
    remind_every: route.remind_every_minutes,
    created_at: iso(route.created_at),
  };
}

export function channelRoutes(app: ApiInstance, { deps, basePath }: ApiOptions): void {
  const { channels, routes } = deps.services;

  app.get(
    '/channels',
    {
      schema: {
        operationId: 'listChannels',
        summary: 'List notification channels, by name',
        tags,
        querystring: Type.Object(PagingQuery, { additionalProperties: false }),
        response: { 200: listOf(ChannelSchema, 'Channels'), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const at = paging(request.query);
      const all = await channels.list();
      return pagedList(request, reply, at, slice(all, at).map(serializeChannel), all.length);
    },
  );

  app.post(
    '/channels',
    {
      schema: {
        operationId: 'createChannel',
        summary: 'Create a notification channel',
        description:
          'The configuration is checked by the channel type: a bad setting answers 400 with ' +
          '`field` `config.<setting>`. Secrets are stored encrypted; a server without a secret ' +
          'key answers 409 for a channel with a secret.',
        tags,
        body: CreateChannel,
        response: { 201: ChannelSchema, ...errorResponses(...WRITE_ERRORS, 409) },
      },
    },
    async (request, reply) => {
      const channel = await channels.create(request.body);
      void reply.code(201).header('location', `${basePath}/channels/${channel.id}`);
      return serializeChannel(channel);
    },
  );

  itemRoutes(app, {
    path: '/channels/:channelId',
    idName: 'channelId',
    tags,
    schema: ChannelSchema,
    read: {
      operationId: 'getChannel',
      summary: 'Get a notification channel (secrets only as set or not)',
      run: async (id) => serializeChannel(await channels.get(id)),
    },
    change: {
      operationId: 'updateChannel',
      summary: 'Change a channel’s name, settings or whether it is enabled',
      body: UpdateChannel,
      conflicts: true,
      run: async (id, input) => serializeChannel(await channels.update(id, input)),
    },
    remove: {
      operationId: 'deleteChannel',
      summary: 'Delete a channel with its routes and deliveries',
      run: (id) => channels.delete(id),
    },
  });

  app.post(
    '/channels/:channelId/test',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        operationId: 'testChannel',
        summary: 'Send a test event through the channel now',
        description:
          'Takes no fields. Outside the delivery queue, not retried: 200 with `ok: false` when ' +
          'the receiver refused or did not answer in 10 s.',
        tags,
        params: idParams('channelId'),
        body: NoBody,
        response: { 200: TestResultSchema, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request) => {
      const result = await channels.sendTest(request.params.channelId);
      return { ok: result.ok, status_code: result.statusCode, error: result.error };
    },
  );

  app.get(
    '/channels/:channelId/routes',
    {
      schema: {
        operationId: 'listChannelRoutes',
        summary: 'List the routes of a channel',
        tags,
        params: idParams('channelId'),
        querystring: Type.Object(PagingQuery, { additionalProperties: false }),
        response: { 200: listOf(RouteSchema, 'Routes'), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await channels.get(request.params.channelId);
      const at = paging(request.query);
      const all = await routes.list({ channelId: request.params.channelId });
      return pagedList(request, reply, at, slice(all, at).map(serializeRoute), all.length);
    },
  );

  app.post(
    '/channels/:channelId/routes',
    {
      schema: {
        operationId: 'createChannelRoute',
        summary: 'Route events of a monitor, of a component, or of everything to the channel',
        description: 'Name a monitor or a component, or neither for every event; not both.',
        tags,
        params: idParams('channelId'),
        body: CreateRoute,
        response: { 201: RouteSchema, ...errorResponses(...WRITE_ERRORS, 409) },
      },
    },
    async (request, reply) => {
      const route = await routes.add({
        ...request.body,
        channel_id: request.params.channelId,
      });
      void reply.code(201).header('location', `${basePath}/routes/${route.id}`);
      return serializeRoute(route);
    },
  );

  app.delete(
    '/routes/:routeId',
    {
      schema: {
        operationId: 'deleteChannelRoute',
        summary: 'Delete a route',
        tags,
        params: idParams('routeId'),
        response: { 204: NoContent, ...errorResponses(403, 404) },
      },
    },
    async (request, reply) => {
      await routes.delete(request.params.routeId);
      return reply.code(204).send(null);
    },
  );
}
