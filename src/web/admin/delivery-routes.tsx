// The delivery log in the admin: deliveries newest first, filtered by status (dead: the dead
// letters), receiver (channels or subscribers), channel and subscriber, one delivery with every
// attempt, and retrying one or every dead letter of a channel — the same DeliveryService use
// cases as the API.
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../domain/errors.js';
import type { SubscriberView } from '../../services/subscriber-admin-service.js';
import type { DeliveryLogEntry } from '../../store/delivery-repository.js';
import type { WebDependencies } from '../app.js';
import { setFlash } from './flash.js';
import { formValues, text, type FieldErrors } from './form-values.js';
import { safeNextPath } from './next-path.js';
import { ADMIN_PREFIX, adminPaths, type DeliveryFilterQuery } from './paths.js';
import { adminView, fieldRejection, sendHtml, seeOther } from './respond.js';
import { pageNumber } from './views/common.js';
import { DeliveryDetailPage, DeliveryListPage } from './views/delivery-views.js';

type IdParams = { Params: { id: string } };
type ListQuery = { Querystring: Record<string, string | undefined> };

const PAGE_SIZE = 50;
const FILTERS = ['status', 'target', 'channel', 'subscriber'] as const;
/** The service's names of the filters → the names of this form's fields. */
const FORM_FIELDS: Readonly<Record<string, string>> = {
  channel_id: 'channel',
  subscriber_id: 'subscriber',
};

/** The filters as the log's query string has them (only the known ones, non-empty). */
function filterOf(query: Record<string, string | undefined>): DeliveryFilterQuery {
  const filter: DeliveryFilterQuery = {};
  for (const name of FILTERS) {
    const value = query[name]?.trim();
    if (value) filter[name] = value;
  }
  return filter;
}

/** What the log shows: one page of matches, or none and the messages at the refused filters. */
interface LogPage {
  deliveries: DeliveryLogEntry[];
  total: number;
  subscriber?: SubscriberView;
  errors: FieldErrors;
  status: number;
}

/** Back to the admin page the button was on; anywhere else is refused for the log. */
function backTo(body: unknown, fallback: string): string {
  const next = safeNextPath(text(formValues(body), 'next'));
  return next?.startsWith(`${ADMIN_PREFIX}/`) ? next : fallback;
}

export function deliveryRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { deliveries, channels, subscriberAdmin } = deps.services;
  const secure = deps.config.secureCookies;

  /** The page of the log the filter asks for; a refused filter is named at its field. */
  async function logPage(filter: DeliveryFilterQuery, page: number): Promise<LogPage> {
    try {
      const found = await deliveries.list({
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
        status: filter.status,
        target: filter.target,
        channelId: filter.channel,
        subscriberId: filter.subscriber,
      });
      const shown = { ...found, errors: {}, status: 200 };
      if (filter.subscriber === undefined) return shown;
      return { ...shown, subscriber: await subscriberNamed(filter.subscriber) };
    } catch (error) {
      const rejection = fieldRejection(error);
      if (!rejection) throw error;
      const errors = Object.fromEntries(
        Object.entries(rejection.errors).map(([field, message]) => [
          FORM_FIELDS[field] ?? field,
          message,
        ]),
      );
      return { deliveries: [], total: 0, errors, status: rejection.status };
    }
  }

  /** Removing a subscriber removes its deliveries, so an unknown one is a mistyped id. */
  async function subscriberNamed(id: string): Promise<SubscriberView> {
    const found = await subscriberAdmin.find(id);
    if (found) return found;
    throw new ValidationError(
      'subscriber_id',
      `no subscriber has the id “${id}” (one that was removed took its deliveries with it)`,
    );
  }

  app.get<ListQuery>('/deliveries', async (request, reply) => {
    const filter = filterOf(request.query);
    const all = await channels.list();
    // An unknown channel id filters on nothing rather than showing an empty log by mistake.
    if (!all.some((c) => c.id === filter.channel)) delete filter.channel;
    const page = pageNumber(request.query);
    const found = await logPage(filter, page);
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <DeliveryListPage
        view={view}
        filter={filter}
        errors={found.errors}
        channels={all}
        subscriber={found.subscriber}
        deliveries={found.deliveries}
        page={page}
        pageSize={PAGE_SIZE}
        total={found.total}
      />,
      found.status,
    );
  });

  app.get<IdParams>('/deliveries/:id', async (request, reply) => {
    const delivery = await deliveries.get(request.params.id);
    const channel = (await channels.list()).find((c) => c.id === delivery.channelId);
    const subscriber =
      // Removing a subscriber takes its deliveries, but it can happen between the two reads.
      delivery.subscriberId === null
        ? undefined
        : await subscriberAdmin.find(delivery.subscriberId);
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <DeliveryDetailPage
        view={view}
        delivery={delivery}
        channel={channel}
        subscriber={subscriber}
      />,
    );
  });

  app.post<IdParams>('/deliveries/:id/retry', async (request, reply) => {
    const next = backTo(request.body, adminPaths.delivery(request.params.id));
    // A delivered one is refused (400) by the service, shown on the error page.
    const retried = await deliveries.retry(request.params.id);
    request.log.info({ deliveryId: retried.id }, 'delivery retried in the admin');
    setFlash(
      reply,
      secure,
      `Delivery ${retried.id} (${retried.eventType}) is queued again; the notifier sends it now.`,
    );
    return seeOther(reply, next);
  });

  app.post<IdParams>('/channels/:id/retry-dead', async (request, reply) => {
    const channel = await channels.get(request.params.id);
    const next = backTo(
      request.body,
      adminPaths.deliveriesWhere({ status: 'dead', channel: channel.id }),
    );
    const count = await deliveries.retryDeadOfChannel(channel.id);
    request.log.info({ channelId: channel.id, count }, 'dead deliveries retried in the admin');
    setFlash(
      reply,
      secure,
      count === 0
        ? `“${channel.name}” has no dead letter to retry.`
        : `${count} dead ${count === 1 ? 'delivery' : 'deliveries'} of “${channel.name}” queued again.`,
      count === 0 ? 'info' : 'success',
    );
    return seeOther(reply, next);
  });
}
