// Incidents in the admin: opened with a status, an impact and the statuses they give affected
// components; their updates run investigating → identified → monitoring → resolved.
import type { FastifyInstance } from 'fastify';
import type { WebDependencies } from '../app.js';
import { filled, prefixed, text } from './form-values.js';
import { ADMIN_INCIDENT } from './incident-kinds.js';
import { incidentLifecycleRoutes, type IncidentKindRoutes } from './incident-lifecycle-routes.js';
import { openIncidents } from './page-summaries.js';
import { IncidentPage, NewIncidentPage } from './views/incident-views.js';

const INCIDENT_ROUTES: IncidentKindRoutes = {
  kind: ADMIN_INCIDENT,
  listOpen: openIncidents,
  newFormValues: { status: 'investigating', impact: 'minor' },
  NewPage: NewIncidentPage,
  create: (services, page, values) =>
    services.incidents.createIncident(page.id, {
      name: text(values, 'name') ?? '',
      status: filled(values, 'status'),
      impact: filled(values, 'impact'),
      body: text(values, 'body') ?? '',
      components: prefixed(values, 'components'),
    }),
  createdMessage: (incident) => `Incident “${incident.name}” opened. It is on the public page now.`,
  OnePage: IncidentPage,
  updateInput: (values) => ({
    status: filled(values, 'status'),
    body: text(values, 'body') ?? '',
    components: prefixed(values, 'components'),
  }),
  editValues: (incident) => ({ name: incident.name, impact: incident.impact }),
  editInput: (values) => ({
    name: text(values, 'name') ?? '',
    impact: filled(values, 'impact'),
  }),
  deleteWarning:
    'The incident and all its updates are deleted for good. Component statuses stay as they are; set them on the page if needed.',
};

export function incidentRoutes(app: FastifyInstance, deps: WebDependencies): void {
  incidentLifecycleRoutes(app, deps, INCIDENT_ROUTES);
}
