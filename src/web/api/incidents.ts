// Management API routes of incidents: their request schemas and texts, on the routes they share
// with maintenances (incident-kind-routes.ts).
import { Type } from 'typebox';
import { INCIDENT_STATUSES } from '../../domain/status.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { incidentKindRoutes, type IncidentKindApi } from './incident-kind-routes.js';
import {
  ComponentIds,
  ComponentStatusChanges,
  FirstUpdateText,
  IncidentImpact,
  IncidentName,
  IncidentSchema,
  ReplacedComponentIds,
  serializeIncident,
} from './incident-representation.js';
import { StringEnum, Timestamp, TimestampValue } from './schemas.js';

const CreateIncident = Type.Object(
  {
    name: IncidentName,
    status: Type.Optional(StringEnum(INCIDENT_STATUSES, { description: 'Default investigating' })),
    impact: Type.Optional(IncidentImpact),
    body: FirstUpdateText,
    components: Type.Optional(ComponentStatusChanges),
    component_ids: Type.Optional(ComponentIds),
    started_at: Type.Optional(
      Type.Union([TimestampValue, Type.Null()], { description: 'When it began; default now' }),
    ),
  },
  { additionalProperties: false },
);

const EditIncident = Type.Object(
  {
    name: Type.Optional(IncidentName),
    impact: Type.Optional(IncidentImpact),
    started_at: Type.Optional(Timestamp),
    component_ids: Type.Optional(ReplacedComponentIds),
  },
  { additionalProperties: false },
);

const INCIDENTS: IncidentKindApi<
  typeof IncidentSchema,
  typeof CreateIncident,
  typeof EditIncident
> = {
  kind: 'incident',
  plural: 'incidents',
  idName: 'incidentId',
  title: 'Incident',
  noun: 'incident',
  aNoun: 'an incident',
  statuses: INCIDENT_STATUSES,
  schema: IncidentSchema,
  serialize: serializeIncident,
  list: {
    summary: 'List the incidents of a page, newest first',
    itemsDescription: 'Incidents',
    openMeans: 'open: only unresolved ones; default all',
  },
  create: {
    summary: 'Open an incident on a page',
    description:
      'Creates the incident with its first update. `components` sets component statuses ' +
      '(and links them); `component_ids` links components without changing them.',
    body: CreateIncident,
    open: (incidents, pageId, input) => incidents.createIncident(pageId, input),
  },
  read: { summary: 'Get an incident with its updates' },
  edit: {
    summary: 'Edit an incident',
    description:
      'Changes the incident itself. To change its status, post an update instead, so ' +
      'readers see why.',
    body: EditIncident,
  },
  remove: { summary: 'Delete an incident and its updates' },
};

export function incidentRoutes(app: ApiInstance, options: ApiOptions): void {
  incidentKindRoutes(app, options, INCIDENTS);
}
