// Incidents and scheduled maintenances as Statuspage v2 incident objects, with their updates
// (newest first) and the full component objects of the components they concern.
import type {
  IncidentDetail,
  IncidentUpdateWithComponents,
} from '../../store/incident-repository.js';
import type { PageRow } from '../../store/schema.js';
import { incidentPermalink } from '../public/links.js';
import type { StatuspageComponent } from './components.js';

export interface StatuspageAffectedComponent {
  code: string;
  name: string;
  old_status: string;
  new_status: string;
}

export interface StatuspageIncidentUpdate {
  id: string;
  status: string;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  /** Statuspage sends null, not an empty list, when an update changed no component. */
  affected_components: StatuspageAffectedComponent[] | null;
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface StatuspageIncident {
  id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: string;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: StatuspageIncidentUpdate[];
  components: StatuspageComponent[];
}

export interface StatuspageMaintenance extends StatuspageIncident {
  scheduled_for: string;
  scheduled_until: string;
}

/** What every incident object of one page needs: where links point and the page's components. */
export interface IncidentContext {
  baseUrl: string;
  page: PageRow;
  componentsById: ReadonlyMap<string, StatuspageComponent>;
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

function updateObject(update: IncidentUpdateWithComponents): StatuspageIncidentUpdate {
  return {
    id: update.id,
    status: update.status,
    body: update.body,
    incident_id: update.incident_id,
    created_at: update.created_at.toISOString(),
    updated_at: update.updated_at.toISOString(),
    display_at: update.display_at.toISOString(),
    affected_components:
      update.affected_components.length === 0
        ? null
        : update.affected_components.map((affected) => ({
            code: affected.component_id,
            name: affected.name,
            old_status: affected.old_status,
            new_status: affected.new_status,
          })),
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

export function incidentObject(
  incident: IncidentDetail,
  context: IncidentContext,
): StatuspageIncident {
  const components: StatuspageComponent[] = [];
  for (const id of incident.component_ids) {
    const component = context.componentsById.get(id);
    if (component) components.push(component);
  }
  components.sort((a, b) => a.position - b.position);
  return {
    id: incident.id,
    name: incident.name,
    status: incident.status,
    created_at: incident.created_at.toISOString(),
    updated_at: incident.updated_at.toISOString(),
    monitoring_at: iso(incident.monitoring_at),
    resolved_at: iso(incident.resolved_at),
    impact: incident.impact,
    shortlink: incidentPermalink(context.baseUrl, context.page, incident.id),
    started_at: incident.started_at.toISOString(),
    page_id: incident.page_id,
    incident_updates: incident.updates.map(updateObject),
    components,
  };
}

export function maintenanceObject(
  maintenance: IncidentDetail,
  context: IncidentContext,
): StatuspageMaintenance {
  return {
    ...incidentObject(maintenance, context),
    // Maintenances always have a window (a CHECK constraint in the schema says so).
    scheduled_for: maintenance.scheduled_for!.toISOString(),
    scheduled_until: maintenance.scheduled_until!.toISOString(),
  };
}
