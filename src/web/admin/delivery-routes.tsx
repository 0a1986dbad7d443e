// The delivery log in the admin: deliveries newest first, filtered by status (dead: the dead
// letters) and channel, one delivery with every attempt, and retrying one or every dead letter of
// a channel — the same DeliveryService use cases as the API.
import type { FastifyInstance } from 'fastify';
import type { DeliveryStatus } from '../../store/notification-schema.js';
import type { WebDependencies } from '../app.js';
import { setFlash } from './flash.js';
import { formValues, text } from './form-values.js';
import { safeNextPath } from './next-path.js';
import { ADMIN_PREFIX, adminPaths } from './paths.js';
import { adminView, sendHtml, seeOther } from './respond.js';
import { pageNumber } from './views/common.js';
import { DeliveryDetailPage, DeliveryListPage } from './views/delivery-views.js';

type IdParams = { Params: { id: string } };

const PAGE_SIZE = 50;
const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead'];

function statusFilter(value: unknown): DeliveryStatus | undefined {
  return STATUSES.find((status) => status === value);
}

/** Back to the admin page the button was on; anywhere else is refused for the log. */
function backTo(body: unknown, fallback: string): string {
  const next = safeNextPath(text(formValues(body), 'next'));
  return next?.startsWith(`${ADMIN_PREFIX}/`) ? next : fallback;
}

export function deliveryRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { deliveries, channels } = deps.services;
  const secure = deps.config.secureCookies;

  app.get<{ Querystring: { status?: string; channel?: string; p?: string } }>(
    '/deliveries',
    async (request, reply) => {
      const status = statusFilter(request.query.status);
      const all = await channels.list();
      // An unknown channel id filters on nothing rather than showing an empty log by mistake.
      const channel = all.find((c) => c.id === request.query.channel)?.id;
      const page = pageNumber(request.query);
      const { deliveries: rows, total } = await deliveries.list({
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
        ...(status ? { status } : {}),
        ...(channel ? { channelId: channel } : {}),
      });
      const view = await adminView(request, reply, deps);
      return sendHtml(
        reply,
        <DeliveryListPage
          view={view}
          filter={{ status, channel }}
          channels={all}
          deliveries={rows}
          page={page}
          pageSize={PAGE_SIZE}
          total={total}
        />,
      );
    },
  );

  app.get<IdParams>('/deliveries/:id', async (request, reply) => {
    const delivery = await deliveries.get(request.params.id);
    const channel = (await channels.list()).find((c) => c.id === delivery.channelId);
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <DeliveryDetailPage view={view} delivery={delivery} channel={channel} />,
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
