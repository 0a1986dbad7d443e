// How incidents and maintenances (one aggregate, told apart by kind) look in the management
// API: the incident with its updates and the components concerned, and the request fields both share.
import { Type } from 'typebox';
import {
  INCIDENT_IMPACTS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  type ComponentStatus as ComponentStatusValue,
  type IncidentImpact as IncidentImpactValue,
  type IncidentStatus as IncidentStatusValue,
  type MaintenanceStatus as MaintenanceStatusValue,
} from '../../domain/status.js';
import type { Services } from '../../services/index.js';
import type {
  IncidentDetail,
  IncidentUpdateWithComponents,
} from '../../store/incident-repository.js';
import type { ComponentRow } from '../../store/schema.js';
import { ComponentStatus } from './components.js';
import {
  iso,
  isoOrNull,
  NullableTimestamp,
  Timestamp,
  StringEnum,
  TimestampValue,
} from './schemas.js';

export const IncidentStatus = StringEnum(INCIDENT_STATUSES, { description: 'Incident status' });
export const MaintenanceStatus = StringEnum(MAINTENANCE_STATUSES, {
  description: 'Maintenance status',
});
export const IncidentImpact = StringEnum(INCIDENT_IMPACTS, { description: 'Incident impact' });

/** `{ componentId: status }`: the statuses components take with an incident or update. */
export const ComponentStatusChanges = Type.Record(Type.String(), ComponentStatus, {
  description: 'Component id → the status it takes with this update',
});

export const ComponentIds = Type.Array(Type.String(), {
  maxItems: 500,
  description: 'Components concerned, on the same page',
});

/** What an edit sends to change the components concerned. */
export const ReplacedComponentIds = Type.Array(Type.String(), {
  maxItems: 500,
  description: 'Replaces the components concerned',
});

export const IncidentName = Type.String({ minLength: 1, maxLength: 300 });

/** Longest Markdown text of an update, the first one included. */
const MAX_UPDATE_TEXT = 20_000;

export const FirstUpdateText = Type.String({
  minLength: 1,
  maxLength: MAX_UPDATE_TEXT,
  description: 'Markdown text of the first update',
});

export const UpdateText = Type.String({
  minLength: 1,
  maxLength: MAX_UPDATE_TEXT,
  description: 'Markdown',
});

export const UpdateSchema = Type.Object(
  {
    id: Type.String(),
    status: Type.String({ description: 'Status of the incident or maintenance it set' }),
    body: Type.String({ description: 'Markdown' }),
    display_at: Timestamp,
    created_at: Timestamp,
    updated_at: Timestamp,
    affected_components: Type.Array(
      Type.Object({
        component_id: Type.String(),
        name: Type.String({ description: 'Component name at the time of the update' }),
        old_status: ComponentStatus,
        new_status: ComponentStatus,
      }),
    ),
  },
  { description: 'An update posted to an incident or maintenance' },
);

const LinkedComponent = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: ComponentStatus,
});

const commonFields = {
  id: Type.String(),
  page_id: Type.String(),
  name: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
  started_at: Timestamp,
  monitoring_at: NullableTimestamp,
  resolved_at: Type.Union([TimestampValue, Type.Null()], {
    description: 'When it was resolved (incident) or completed (maintenance)',
  }),
  components: Type.Array(LinkedComponent, { description: 'Components concerned, as they are now' }),
  incident_updates: Type.Array(UpdateSchema, { description: 'Newest first' }),
};

export const IncidentSchema = Type.Object(
  { ...commonFields, status: IncidentStatus, impact: IncidentImpact },
  { description: 'An incident with its updates' },
);

export const MaintenanceSchema = Type.Object(
  {
    ...commonFields,
    status: MaintenanceStatus,
    scheduled_for: Timestamp,
    scheduled_until: Timestamp,
    auto_transition: Type.Boolean({
      description: 'Moves to in_progress and completed by itself at its scheduled times',
    }),
  },
  { description: 'A scheduled maintenance with its updates' },
);

export function serializeUpdate(update: IncidentUpdateWithComponents) {
  return {
    id: update.id,
    status: update.status,
    body: update.body,
    display_at: iso(update.display_at),
    created_at: iso(update.created_at),
    updated_at: iso(update.updated_at),
    affected_components: update.affected_components.map((affected) => ({
      component_id: affected.component_id,
      name: affected.name,
      old_status: affected.old_status as ComponentStatusValue,
      new_status: affected.new_status as ComponentStatusValue,
    })),
  };
}

function commonRepresentation(detail: IncidentDetail, components: Map<string, ComponentRow>) {
  return {
    id: detail.id,
    page_id: detail.page_id,
    name: detail.name,
    created_at: iso(detail.created_at),
    updated_at: iso(detail.updated_at),
    started_at: iso(detail.started_at),
    monitoring_at: isoOrNull(detail.monitoring_at),
    resolved_at: isoOrNull(detail.resolved_at),
    components: detail.component_ids.flatMap((id) => {
      const component = components.get(id);
      return component
        ? [
            {
              id: component.id,
              name: component.name,
              status: component.status as ComponentStatusValue,
            },
          ]
        : [];
    }),
    incident_updates: detail.updates.map(serializeUpdate),
  };
}

// Database CHECK constraints keep status and impact within each kind's enum.
export function serializeIncident(detail: IncidentDetail, components: Map<string, ComponentRow>) {
  return {
    ...commonRepresentation(detail, components),
    status: detail.status as IncidentStatusValue,
    impact: detail.impact as IncidentImpactValue,
  };
}

export function serializeMaintenance(
  detail: IncidentDetail,
  components: Map<string, ComponentRow>,
) {
  return {
    ...commonRepresentation(detail, components),
    status: detail.status as MaintenanceStatusValue,
    scheduled_for: iso(detail.scheduled_for!),
    scheduled_until: iso(detail.scheduled_until!),
    auto_transition: detail.auto_transition,
  };
}

/** The components of a page by id, to show the ones incidents concern by name and status. */
export async function componentsOf(
  services: Services,
  pageId: string,
): Promise<Map<string, ComponentRow>> {
  const components = await services.pages.listComponents(pageId);
  return new Map(components.map((component) => [component.id, component]));
}
