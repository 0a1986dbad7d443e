// What a monitor's change of status does to the components it drives: their status (unless a
// person set it through an open incident or a running maintenance) and automatic incidents.
import type { Kysely } from 'kysely';
import {
  autoIncidentAction,
  componentStatusFromMonitors,
  type MonitorHealth,
  type MonitorState,
  type MonitorStatus,
  type Transition,
} from '../domain/monitoring/index.js';
import type { CertificateNoticeState, Trouble } from '../domain/notifications/index.js';
import { IncidentService } from '../services/incident-service.js';
import { StatusPageService } from '../services/status-page-service.js';
import { IncidentRepository } from '../store/incident-repository.js';
import { MonitorStateRepository } from '../store/monitor-state-repository.js';
import type { ComponentMonitoringTables, Database } from '../store/schema.js';

/**
 * Monitor state as the evaluator saves it: the domain's state plus, per component with automatic
 * incidents, the incident this monitor opened there. Kept in the state JSON (no extra column)
 * because the evaluator is its only writer and reads it in the same locked transaction.
 */
export type EvaluatorState = MonitorState & {
  autoIncidents?: Record<string, string>;
  /** The trouble notifications announced, kept across maintenance (domain/notifications/trouble.ts). */
  trouble?: Trouble | null;
  /** The certificate last seen and the notice sent for it (certificate-notices.ts). */
  certificateNotice?: CertificateNoticeState | null;
};

/** Maintenance statuses during which a maintenance sets its components' status. */
export const ACTIVE_MAINTENANCE = ['in_progress', 'verifying'];

interface MonitorChange {
  monitorId: string;
  monitorName: string;
  previous: MonitorStatus;
  state: EvaluatorState;
  transitions: readonly Transition[];
  now: Date;
}

/**
 * Applies the change to every component the monitor drives, in the caller's transaction, and
 * returns the monitor's auto-incident map as it should be saved.
 */
export async function applyComponentEffects(
  trx: Kysely<Database>,
  componentIds: readonly string[],
  change: MonitorChange,
): Promise<Record<string, string>> {
  const autoIncidents = { ...(change.state.autoIncidents ?? {}) };
  for (const componentId of componentIds) {
    await applyToComponent(trx, componentId, change, autoIncidents);
  }
  return autoIncidents;
}

async function applyToComponent(
  trx: Kysely<Database>,
  componentId: string,
  change: MonitorChange,
  autoIncidents: Record<string, string>,
): Promise<void> {
  const component = await trx
    .withTables<ComponentMonitoringTables>()
    .selectFrom('components')
    .select(['id', 'page_id', 'status', 'auto_incident'])
    .where('id', '=', componentId)
    .executeTakeFirst();
  if (!component) return;
  const { healths, autoIds } = await monitorsOf(trx, componentId, change);
  const fromMonitors = componentStatusFromMonitors(healths);

  const incidents = new IncidentService(trx);
  const ownId = autoIncidents[componentId];
  const ownOpen = ownId !== undefined && (await isOpenIncident(trx, ownId));
  if (ownId !== undefined && !ownOpen) delete autoIncidents[componentId];
  const action = component.auto_incident
    ? autoIncidentAction(change.previous, change.state.status, ownOpen)
    : 'none';
  const summary = change.transitions.at(-1)?.reason.summary ?? change.state.status;
  if (action === 'open') {
    const opened = await incidents.createIncident(
      component.page_id,
      {
        name: `${change.monitorName} is down`,
        status: 'investigating',
        impact: 'major',
        body: `Detected automatically: ${summary}`,
        components: { [componentId]: fromMonitors },
      },
      change.now,
    );
    autoIncidents[componentId] = opened.id;
    autoIds.add(opened.id);
  } else if (action === 'resolve' && ownId !== undefined) {
    await incidents.postUpdate(
      ownId,
      {
        status: 'resolved',
        body: `Recovered automatically: ${summary}`,
        components: { [componentId]: fromMonitors },
      },
      change.now,
    );
    delete autoIncidents[componentId];
  }

  if (await setByPerson(trx, componentId, autoIds)) return;
  const current = (
    await trx
      .selectFrom('components')
      .select('status')
      .where('id', '=', componentId)
      .executeTakeFirst()
  )?.status;
  if (current !== undefined && current !== fromMonitors)
    await new StatusPageService(trx).setComponentStatus(componentId, fromMonitors);
}

/** Health of every monitor driving the component (this one as just evaluated) and their auto-incidents. */
async function monitorsOf(
  trx: Kysely<Database>,
  componentId: string,
  change: MonitorChange,
): Promise<{ healths: MonitorHealth[]; autoIds: Set<string> }> {
  const links = await trx
    .selectFrom('monitor_components')
    .select('monitor_id')
    .where('component_id', '=', componentId)
    .execute();
  const others = links.map((l) => l.monitor_id).filter((id) => id !== change.monitorId);
  const stored = await new MonitorStateRepository(trx).loadMany<EvaluatorState>(others);
  const states = [change.state, ...stored.map((s) => s.state)];
  const autoIds = new Set<string>();
  for (const state of states) {
    const id = state.autoIncidents?.[componentId];
    if (id !== undefined) autoIds.add(id);
  }
  return { healths: states, autoIds };
}

/** An open incident (other than the monitors' own automatic ones) or a running maintenance. */
async function setByPerson(
  trx: Kysely<Database>,
  componentId: string,
  autoIds: ReadonlySet<string>,
): Promise<boolean> {
  const rows = await trx
    .selectFrom('incidents')
    .innerJoin('incident_components', 'incident_components.incident_id', 'incidents.id')
    .select(['incidents.id', 'incidents.kind', 'incidents.status'])
    .where('incident_components.component_id', '=', componentId)
    .where('incidents.status', 'not in', ['resolved', 'postmortem', 'completed', 'scheduled'])
    .execute();
  return rows.some(
    (row) =>
      (row.kind === 'maintenance' && ACTIVE_MAINTENANCE.includes(row.status)) ||
      (row.kind === 'incident' && !autoIds.has(row.id)),
  );
}

async function isOpenIncident(trx: Kysely<Database>, incidentId: string): Promise<boolean> {
  const incident = await new IncidentRepository(trx).find(incidentId);
  return (
    incident !== undefined &&
    incident.kind === 'incident' &&
    incident.status !== 'resolved' &&
    incident.status !== 'postmortem'
  );
}
