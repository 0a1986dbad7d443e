// Management API routes of scheduled maintenances: their request schemas and texts, on the routes
// they share with incidents (incident-kind-routes.ts).
import { Type } from 'typebox';
import { MAINTENANCE_STATUSES } from '../../domain/status.js';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { incidentKindRoutes, type IncidentKindApi } from './incident-kind-routes.js';
import {
  ComponentIds,
  FirstUpdateText,
  IncidentName,
  MaintenanceSchema,
  ReplacedComponentIds,
  serializeMaintenance,
} from './incident-representation.js';
import { StringEnum, Timestamp } from './schemas.js';

const autoTransition = Type.Boolean({
  description: 'Move to in_progress and completed at the scheduled times; default true',
});

const CreateMaintenance = Type.Object(
  {
    name: IncidentName,
    status: Type.Optional(StringEnum(MAINTENANCE_STATUSES, { description: 'Default scheduled' })),
    body: FirstUpdateText,
    scheduled_for: Timestamp,
    scheduled_until: Timestamp,
    component_ids: Type.Optional(ComponentIds),
    auto_transition: Type.Optional(autoTransition),
  },
  { additionalProperties: false },
);

const EditMaintenance = Type.Object(
  {
    name: Type.Optional(IncidentName),
    scheduled_for: Type.Optional(Timestamp),
    scheduled_until: Type.Optional(Timestamp),
    component_ids: Type.Optional(ReplacedComponentIds),
    auto_transition: Type.Optional(autoTransition),
  },
  { additionalProperties: false },
);

const MAINTENANCES: IncidentKindApi<
  typeof MaintenanceSchema,
  typeof CreateMaintenance,
  typeof EditMaintenance
> = {
  kind: 'maintenance',
  plural: 'maintenances',
  idName: 'maintenanceId',
  title: 'Maintenance',
  noun: 'maintenance',
  aNoun: 'a maintenance',
  statuses: MAINTENANCE_STATUSES,
  schema: MaintenanceSchema,
  serialize: serializeMaintenance,
  list: {
    summary: 'List the scheduled maintenances of a page, latest scheduled first',
    itemsDescription: 'Scheduled maintenances',
    openMeans: 'open: only those not completed; default all',
  },
  create: {
    summary: 'Schedule a maintenance on a page',
    description:
      'While it is in progress its components are under maintenance; they return to ' +
      'operational when it completes.',
    body: CreateMaintenance,
    open: (incidents, pageId, input) => incidents.createMaintenance(pageId, input),
  },
  read: { summary: 'Get a scheduled maintenance with its updates' },
  edit: {
    summary: 'Edit a scheduled maintenance',
    description: 'Changes its name, window or components; post an update to change its status.',
    body: EditMaintenance,
  },
  remove: { summary: 'Delete a scheduled maintenance and its updates' },
};

export function maintenanceRoutes(app: ApiInstance, options: ApiOptions): void {
  incidentKindRoutes(app, options, MAINTENANCES);
}
