// The admin dashboard at /admin.
import type { FastifyInstance } from 'fastify';
import type { WebDependencies } from '../app.js';
import { openIncidents, openMaintenances, pageSummaries } from './page-summaries.js';
import { adminView, sendHtml } from './respond.js';
import { DashboardPage } from './views/dashboard.js';

export function dashboardRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { services } = deps;
  app.get('/', async (request, reply) => {
    const [view, pages, incidents, maintenances] = await Promise.all([
      adminView(request, reply, deps),
      pageSummaries(services),
      openIncidents(services),
      openMaintenances(services),
    ]);
    return sendHtml(
      reply,
      <DashboardPage
        view={view}
        pages={pages}
        incidents={incidents}
        maintenances={maintenances}
        baseUrl={deps.config.baseUrl}
      />,
    );
  });
}
