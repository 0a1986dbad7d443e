// Notification channels in the admin: the list, create (type first, then that type's form, built
// from its field hints), the channel's page with its routes, edit, "send test", and delete.
//
// Secrets are write-only here as in the API: the views never receive them (ChannelView has none),
// a rejected form is shown again without them, and an edit that leaves a secret empty keeps it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import type { AnyChannelType } from '../../notifier/channel.js';
import { channelType, channelTypeNames } from '../../notifier/channels/index.js';
import type { ChannelInput, ChannelView } from '../../services/channel-service.js';
import { ChannelConfigInvalid } from '../../services/channel-config.js';
import type { WebDependencies } from '../app.js';
import {
  changedChannelInput,
  channelFormValues,
  configField,
  newChannelFormValues,
  newChannelInput,
  withoutSecrets,
} from './channel-form-input.js';
import { channelList, channelPage, routeInput } from './channel-pages.js';
import { deletionRoutes } from './deletion-routes.js';
import { setFlash } from './flash.js';
import { formValues, text, type FieldErrors, type FormValues } from './form-values.js';
import { adminPaths } from './paths.js';
import { adminView, fieldRejection, sendHtml, seeOther } from './respond.js';
import { ChannelDetailPage, newRouteForm } from './views/channel-detail.js';
import { ChannelFormPage } from './views/channel-form.js';
import { ChannelListPage, ChannelTypePage } from './views/channel-list.js';
import { blankForm, type FormState } from './views/form-controls.js';

type IdParams = { Params: { id: string } };

function requireType(value: unknown): AnyChannelType {
  const type = typeof value === 'string' ? channelType(value) : undefined;
  if (!type) {
    throw new ValidationError('type', `type must be one of ${channelTypeNames().join(', ')}`);
  }
  return type;
}

/** Every problem of a refused configuration next to its field, not only the first. */
function channelRejection(error: unknown): { status: number; errors: FieldErrors } | undefined {
  if (error instanceof ChannelConfigInvalid && error.problems.length > 0) {
    const errors: Record<string, string> = {};
    for (const problem of error.problems) {
      errors[configField(problem.field)] ??= `${configField(problem.field)}: ${problem.message}`;
    }
    return { status: 400, errors };
  }
  return fieldRejection(error);
}

/** The route form's field for a field the route service names. */
function routeFormField(field: string): string {
  if (field.startsWith('event_kinds')) return 'event_kinds';
  if (field === 'remind_every') return field;
  // monitor_id, component_id, channel_id (a duplicate scope): on this form they are the scope.
  return 'scope';
}

/** A test send's outcome in one line, for the flash. */
export function testOutcome(
  channel: ChannelView,
  result: { ok: boolean; statusCode: number | null; error: string | null },
): string {
  const status = result.statusCode === null ? '' : ` (HTTP ${result.statusCode})`;
  return result.ok
    ? `Test event sent to “${channel.name}”: ok${status}.`
    : `Test event to “${channel.name}” failed${status}: ${result.error ?? 'no answer'}`;
}

export function channelRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { channels, routes } = deps.services;
  const secure = deps.config.secureCookies;

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    type: AnyChannelType,
    form: FormState,
    status = 200,
    channel?: ChannelView,
  ) {
    const view = await adminView(request, reply, deps);
    const shown = { values: withoutSecrets(type, form.values), errors: form.errors };
    return sendHtml(
      reply,
      <ChannelFormPage view={view} form={shown} type={type} channel={channel} />,
      status,
    );
  }

  /** Saves the form; a refusal shows it again as typed (without secrets), messages at the fields. */
  async function saveChannel(
    request: FastifyRequest,
    reply: FastifyReply,
    type: AnyChannelType,
    save: (values: FormValues) => Promise<ChannelView>,
    message: (channel: ChannelView) => string,
    channel?: ChannelView,
  ) {
    const values = formValues(request.body);
    try {
      const saved = await save(values);
      setFlash(reply, secure, message(saved));
      return seeOther(reply, adminPaths.channel(saved.id));
    } catch (error) {
      const rejection = channelRejection(error);
      if (!rejection) throw error;
      return showForm(
        request,
        reply,
        type,
        { values, errors: rejection.errors },
        rejection.status,
        channel,
      );
    }
  }

  async function showChannel(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    routeForm: FormState,
    status = 200,
  ) {
    const [page, view] = await Promise.all([
      channelPage(deps, id),
      adminView(request, reply, deps),
    ]);
    return sendHtml(
      reply,
      <ChannelDetailPage view={view} page={page} routeForm={routeForm} />,
      status,
    );
  }

  app.get('/channels', async (request, reply) => {
    const view = await adminView(request, reply, deps);
    return sendHtml(reply, <ChannelListPage view={view} channels={await channelList(deps)} />);
  });

  app.get<{ Querystring: { type?: string } }>('/channels/new', async (request, reply) => {
    const type = request.query.type === undefined ? undefined : channelType(request.query.type);
    if (!type) {
      const view = await adminView(request, reply, deps);
      return sendHtml(reply, <ChannelTypePage view={view} />);
    }
    return showForm(request, reply, type, blankForm(newChannelFormValues(type)));
  });

  app.post('/channels', async (request, reply) => {
    const type = requireType(text(formValues(request.body), 'type'));
    return saveChannel(
      request,
      reply,
      type,
      async (values) => {
        const input: ChannelInput = newChannelInput(type, values);
        const created = await channels.create(input);
        request.log.info(
          { channelId: created.id, type: type.type },
          'channel created in the admin',
        );
        return created;
      },
      (created) => `Channel “${created.name}” created. Add a route so it hears about events.`,
    );
  });

  app.get<IdParams & { Querystring: { scope?: string } }>('/channels/:id', async (request, reply) =>
    showChannel(request, reply, request.params.id, newRouteForm(request.query.scope)),
  );

  app.get<IdParams>('/channels/:id/edit', async (request, reply) => {
    const channel = await channels.get(request.params.id);
    const type = requireType(channel.type);
    return showForm(request, reply, type, blankForm(channelFormValues(channel)), 200, channel);
  });

  app.post<IdParams>('/channels/:id/edit', async (request, reply) => {
    const channel = await channels.get(request.params.id);
    const type = requireType(channel.type);
    return saveChannel(
      request,
      reply,
      type,
      (values) => channels.update(channel.id, changedChannelInput(type, values)),
      (saved) => `Channel “${saved.name}” saved.`,
      channel,
    );
  });

  app.post<IdParams>('/channels/:id/test', async (request, reply) => {
    const channel = await channels.get(request.params.id);
    // The same use case as POST /api/v1/channels/{id}/test.
    const result = await channels.sendTest(channel.id);
    request.log.info(
      { channelId: channel.id, ok: result.ok, statusCode: result.statusCode },
      'test event sent from the admin',
    );
    setFlash(reply, secure, testOutcome(channel, result), result.ok ? 'success' : 'error');
    return seeOther(reply, adminPaths.channel(channel.id));
  });

  app.post<IdParams>('/channels/:id/routes', async (request, reply) => {
    const channel = await channels.get(request.params.id);
    const values = formValues(request.body);
    try {
      const route = await routes.add(routeInput(channel.id, values));
      request.log.info({ channelId: channel.id, routeId: route.id }, 'route added in the admin');
      setFlash(reply, secure, `Route added to “${channel.name}”.`);
      return seeOther(reply, adminPaths.channel(channel.id));
    } catch (error) {
      const rejection = fieldRejection(error);
      if (!rejection) throw error;
      const errors = Object.fromEntries(
        Object.entries(rejection.errors).map(([field, message]) => [
          routeFormField(field),
          message,
        ]),
      );
      return showChannel(request, reply, channel.id, { values, errors }, rejection.status);
    }
  });

  app.post<IdParams>('/routes/:id/delete', async (request, reply) => {
    const route = (await routes.list()).find((r) => r.id === request.params.id);
    if (!route) throw new NotFoundError('route', request.params.id);
    const channel = await channels.get(route.channel_id);
    await routes.delete(route.id);
    setFlash(reply, secure, `Route removed from “${channel.name}”.`);
    return seeOther(reply, adminPaths.channel(channel.id));
  });

  deletionRoutes(app, deps, {
    route: '/channels/:id/delete',
    section: 'notifications',
    find: (id) => channels.get(id),
    confirm: (channel) => ({
      title: `Delete ${channel.name}?`,
      message:
        'The channel, its routes and its delivery log are deleted for good; events still waiting for it are not sent.',
      action: adminPaths.deleteChannel(channel.id),
      button: 'Delete channel',
      cancel: adminPaths.channel(channel.id),
    }),
    remove: (channel) => channels.delete(channel.id),
    deleted: (channel) => ({
      message: `Channel “${channel.name}” deleted.`,
      next: adminPaths.channels,
    }),
  });
}
