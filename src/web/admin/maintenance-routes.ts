// Scheduled maintenance in the admin: the window is typed in the page's time zone and stored in
// UTC, and the chosen components follow its status rather than its updates.
import type { FastifyInstance } from 'fastify';
import type { PageRow } from '../../store/schema.js';
import type { WebDependencies } from '../app.js';
import { checked, filled, list, text, type FormValues } from './form-values.js';
import { ADMIN_MAINTENANCE } from './incident-kinds.js';
import { incidentLifecycleRoutes, type IncidentKindRoutes } from './incident-lifecycle-routes.js';
import { openMaintenances } from './page-summaries.js';
import { MaintenancePage, NewMaintenancePage } from './views/maintenance-views.js';
import { utcToZonedLocal, zonedLocalToUtc } from './zoned-time.js';

/** The window as UTC instants for the service, read from the page's local wall-clock times. */
function scheduleInput(values: FormValues, page: PageRow) {
  return {
    scheduled_for: zonedLocalToUtc(
      'scheduled_for',
      text(values, 'scheduled_for'),
      page.time_zone,
    ).toISOString(),
    scheduled_until: zonedLocalToUtc(
      'scheduled_until',
      text(values, 'scheduled_until'),
      page.time_zone,
    ).toISOString(),
    auto_transition: checked(values, 'auto_transition'),
  };
}

const MAINTENANCE_ROUTES: IncidentKindRoutes = {
  kind: ADMIN_MAINTENANCE,
  listOpen: openMaintenances,
  newFormValues: { auto_transition: 'true' },
  NewPage: NewMaintenancePage,
  create: (services, page, values) =>
    services.incidents.createMaintenance(page.id, {
      name: text(values, 'name') ?? '',
      body: text(values, 'body') ?? '',
      component_ids: list(values, 'component_ids'),
      ...scheduleInput(values, page),
    }),
  createdMessage: (maintenance) => `Maintenance “${maintenance.name}” scheduled.`,
  OnePage: MaintenancePage,
  // No component statuses: without them the service sets the chosen components from the status.
  updateInput: (values) => ({
    status: filled(values, 'status'),
    body: text(values, 'body') ?? '',
  }),
  editValues: (maintenance, page) => ({
    name: maintenance.name,
    scheduled_for: utcToZonedLocal(maintenance.scheduled_for!, page.time_zone),
    scheduled_until: utcToZonedLocal(maintenance.scheduled_until!, page.time_zone),
    ...(maintenance.auto_transition ? { auto_transition: 'true' } : {}),
  }),
  editInput: (values, page) => ({
    name: text(values, 'name') ?? '',
    ...scheduleInput(values, page),
  }),
  deleteWarning:
    'The maintenance and its updates are deleted for good. Component statuses stay as they are.',
};

export function maintenanceRoutes(app: FastifyInstance, deps: WebDependencies): void {
  incidentLifecycleRoutes(app, deps, MAINTENANCE_ROUTES);
}
