// Status-page subscribers in the admin: the list with search, filters and paging, the CSV export
// of what the filters match, and removing one after confirmation. The same SubscriberAdminService
// as /api/v1/subscribers.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { WebDependencies } from '../app.js';
import { deletionRoutes } from './deletion-routes.js';
import { componentChoices } from './monitor-pages.js';
import { adminPaths, type SubscriberFilterQuery } from './paths.js';
import { adminView, sendHtml } from './respond.js';
import { pageNumber } from './views/common.js';
import { SubscriberListPage } from './views/subscriber-views.js';

const PAGE_SIZE = 50;

type FilterQuery = { Querystring: Record<string, string | undefined> };

/** The filters as the list's query string has them (only the known ones, non-empty). */
function filterOf(query: Record<string, string | undefined>): SubscriberFilterQuery {
  const filter: SubscriberFilterQuery = {};
  for (const name of ['q', 'page', 'status', 'kind'] as const) {
    const value = query[name]?.trim();
    if (value) filter[name] = value;
  }
  return filter;
}

const serviceQuery = (filter: SubscriberFilterQuery) => ({
  search: filter.q,
  pageId: filter.page,
  status: filter.status,
  kind: filter.kind,
});

export function subscriberRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { subscriberAdmin, pages } = deps.services;

  app.get<FilterQuery>('/subscribers', async (request, reply) => {
    const filter = filterOf(request.query);
    const page = pageNumber(request.query);
    // A bad status or kind (typed into the URL) is a 400 page naming it.
    const [found, allPages, components] = await Promise.all([
      subscriberAdmin.list({
        ...serviceQuery(filter),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }),
      pages.listPages(),
      componentChoices(deps),
    ]);
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <SubscriberListPage
        view={view}
        filter={filter}
        pages={allPages}
        components={new Map(components.flatMap((p) => p.components.map((c) => [c.id, c.name])))}
        subscribers={found.subscribers}
        page={page}
        pageSize={PAGE_SIZE}
        total={found.total}
      />,
    );
  });

  app.get<FilterQuery>('/subscribers.csv', async (request, reply) => {
    const lines = subscriberAdmin.csv(serviceQuery(filterOf(request.query)));
    request.log.info('subscribers exported from the admin');
    return reply
      .header('cache-control', 'no-store')
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="subscribers.csv"')
      .send(Readable.from(lines));
  });

  deletionRoutes(app, deps, {
    route: '/subscribers/:id/remove',
    section: 'subscribers',
    find: (id) => subscriberAdmin.get(id),
    confirm: (subscriber) => ({
      title: `Remove ${subscriber.address}?`,
      message:
        'The subscription ends now: nothing more is sent to this address, and messages still queued for it are dropped. They can subscribe again on the status page.',
      action: adminPaths.removeSubscriber(subscriber.id),
      button: 'Remove subscriber',
      cancel: adminPaths.subscribers,
    }),
    remove: async (subscriber) => {
      await subscriberAdmin.remove(subscriber.id);
    },
    deleted: (subscriber) => ({
      message: `${subscriber.address} no longer subscribes.`,
      next: adminPaths.subscribers,
    }),
  });
}
