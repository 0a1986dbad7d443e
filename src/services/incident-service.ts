// Use cases of incidents and scheduled maintenances: opening, posting updates (which may change
// component statuses, recorded as old → new on the update), editing, and maintenance windows that
// move to in progress and completed by themselves.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import {
  automaticMaintenanceMessage,
  dueMaintenanceStatus,
  timestampsAfterStatus,
} from '../domain/incident-lifecycle.js';
import {
  COMPONENT_STATUSES,
  INCIDENT_IMPACTS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  type ComponentStatus,
  type IncidentStatus,
  type MaintenanceStatus,
} from '../domain/status.js';
import { optionalBoolean, requireDate, requireOneOf, requireText } from '../domain/validate.js';
import { notifyPageChanged } from '../store/change-channel.js';
import { recordIncidentEvent } from './incident-events.js';
import { withTransaction } from '../store/transaction.js';
import { newId } from '../store/ids.js';
import {
  IncidentRepository,
  type IncidentDetail,
  type IncidentKind,
} from '../store/incident-repository.js';
import type { ComponentRow, Database, IncidentRow } from '../store/schema.js';
import { StatusPageRepository } from '../store/status-page-repository.js';

const MAX_BODY = 20_000;

export interface IncidentInput {
  name?: unknown;
  status?: unknown;
  impact?: unknown;
  body?: unknown;
  /** Component id → status it takes with this update. */
  components?: unknown;
  /** Components the incident concerns without changing their status. */
  component_ids?: unknown;
  started_at?: unknown;
}

export interface MaintenanceInput {
  name?: unknown;
  status?: unknown;
  body?: unknown;
  scheduled_for?: unknown;
  scheduled_until?: unknown;
  component_ids?: unknown;
  auto_transition?: unknown;
}

export interface UpdateInput {
  status?: unknown;
  body?: unknown;
  components?: unknown;
  display_at?: unknown;
}

interface ComponentChange {
  component: ComponentRow;
  newStatus: ComponentStatus;
}

export class IncidentService {
  constructor(private readonly db: Kysely<Database>) {}

  async get(id: string, kind?: IncidentKind): Promise<IncidentDetail> {
    const detail = await new IncidentRepository(this.db).findDetail(id);
    if (!detail || (kind && detail.kind !== kind)) throw new NotFoundError(kind ?? 'incident', id);
    return detail;
  }

  async list(filter: {
    pageId?: string;
    kind: IncidentKind;
    openOnly?: boolean;
    limit: number;
    offset: number;
  }) {
    const repo = new IncidentRepository(this.db);
    const [rows, total] = await Promise.all([repo.list(filter), repo.count(filter)]);
    return { incidents: await repo.withDetails(rows), total };
  }

  async createIncident(
    pageId: string,
    input: IncidentInput,
    now = new Date(),
  ): Promise<IncidentDetail> {
    const name = requireText('name', input.name, { max: 300 });
    const status = requireOneOf('status', input.status ?? 'investigating', INCIDENT_STATUSES);
    const impact = requireOneOf('impact', input.impact ?? 'minor', INCIDENT_IMPACTS);
    const body = requireText('body', input.body, { max: MAX_BODY });
    const startedAt =
      input.started_at === undefined || input.started_at === null
        ? now
        : requireDate('started_at', input.started_at);
    const id = await withTransaction(this.db, async (trx) => {
      const pages = new StatusPageRepository(trx);
      if (!(await pages.findPage(pageId))) throw new NotFoundError('page', pageId);
      const changes = await componentChanges(pages, pageId, input.components);
      const linked = await componentIds(pages, pageId, input.component_ids);
      const incidents = new IncidentRepository(trx);
      const incident = await incidents.insert({
        id: newId(),
        page_id: pageId,
        kind: 'incident',
        name,
        status,
        impact,
        started_at: startedAt,
        scheduled_for: null,
        scheduled_until: null,
        auto_transition: false,
        ...timestampsAfterStatus({ monitoring_at: null, resolved_at: null }, status, now),
      });
      await incidents.linkComponents(incident.id, [
        ...linked,
        ...changes.map((c) => c.component.id),
      ]);
      await writeUpdate(trx, incident, { status, body, changes, displayAt: now, now });
      await pages.touchPage(pageId);
      await notifyPageChanged(trx, pageId);
      return incident.id;
    });
    return this.get(id);
  }

  async createMaintenance(
    pageId: string,
    input: MaintenanceInput,
    now = new Date(),
  ): Promise<IncidentDetail> {
    const name = requireText('name', input.name, { max: 300 });
    const body = requireText('body', input.body, { max: MAX_BODY });
    const scheduledFor = requireDate('scheduled_for', input.scheduled_for);
    const scheduledUntil = requireDate('scheduled_until', input.scheduled_until);
    if (scheduledUntil.getTime() <= scheduledFor.getTime()) {
      throw new ValidationError('scheduled_until', 'scheduled_until must be after scheduled_for');
    }
    const autoTransition = optionalBoolean('auto_transition', input.auto_transition, true);
    const status = requireOneOf('status', input.status ?? 'scheduled', MAINTENANCE_STATUSES);
    const id = await withTransaction(this.db, async (trx) => {
      const pages = new StatusPageRepository(trx);
      if (!(await pages.findPage(pageId))) throw new NotFoundError('page', pageId);
      const linked = await componentIds(pages, pageId, input.component_ids);
      const incidents = new IncidentRepository(trx);
      const maintenance = await incidents.insert({
        id: newId(),
        page_id: pageId,
        kind: 'maintenance',
        name,
        status,
        impact: 'maintenance',
        started_at: scheduledFor,
        scheduled_for: scheduledFor,
        scheduled_until: scheduledUntil,
        auto_transition: autoTransition,
        ...timestampsAfterStatus({ monitoring_at: null, resolved_at: null }, status, now),
      });
      await incidents.linkComponents(maintenance.id, linked);
      const changes = await maintenanceComponentChanges(pages, linked, status);
      await writeUpdate(trx, maintenance, { status, body, changes, displayAt: now, now });
      await pages.touchPage(pageId);
      await notifyPageChanged(trx, pageId);
      return maintenance.id;
    });
    return this.get(id);
  }

  /** Posts an update to an incident or maintenance: new status, message, component statuses. */
  async postUpdate(id: string, input: UpdateInput, now = new Date()): Promise<IncidentDetail> {
    const body = requireText('body', input.body, { max: MAX_BODY });
    const displayAt =
      input.display_at === undefined || input.display_at === null
        ? now
        : requireDate('display_at', input.display_at);
    await withTransaction(this.db, async (trx) => {
      const incidents = new IncidentRepository(trx);
      const incident = await incidents.find(id);
      if (!incident) throw new NotFoundError('incident', id);
      const allowed = incident.kind === 'maintenance' ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
      const status = requireOneOf('status', input.status ?? incident.status, allowed);
      const pages = new StatusPageRepository(trx);
      let changes = await componentChanges(pages, incident.page_id, input.components);
      if (incident.kind === 'maintenance' && input.components === undefined) {
        const linked = (await incidents.withDetails([incident]))[0]!.component_ids;
        changes = await maintenanceComponentChanges(pages, linked, status as MaintenanceStatus);
      }
      await incidents.linkComponents(
        id,
        changes.map((c) => c.component.id),
      );
      const updated = await incidents.update(id, {
        status,
        ...timestampsAfterStatus(incident, status, now),
      });
      await writeUpdate(trx, updated!, {
        status,
        body,
        changes,
        displayAt,
        now,
        previousStatus: incident.status as IncidentStatus | MaintenanceStatus,
      });
      await pages.touchPage(incident.page_id);
      await notifyPageChanged(trx, incident.page_id);
    });
    return this.get(id);
  }

  /** Edits the incident itself (not its updates): name, impact, linked components, schedule. */
  async edit(id: string, input: IncidentInput & MaintenanceInput): Promise<IncidentDetail> {
    await withTransaction(this.db, async (trx) => {
      const incidents = new IncidentRepository(trx);
      const incident = await incidents.find(id);
      if (!incident) throw new NotFoundError('incident', id);
      const changes: Partial<IncidentRow> = {};
      if (input.name !== undefined) changes.name = requireText('name', input.name, { max: 300 });
      if (incident.kind === 'incident' && input.impact !== undefined) {
        changes.impact = requireOneOf('impact', input.impact, INCIDENT_IMPACTS);
      }
      if (input.started_at !== undefined)
        changes.started_at = requireDate('started_at', input.started_at);
      if (incident.kind === 'maintenance') {
        if (input.scheduled_for !== undefined)
          changes.scheduled_for = requireDate('scheduled_for', input.scheduled_for);
        if (input.scheduled_until !== undefined)
          changes.scheduled_until = requireDate('scheduled_until', input.scheduled_until);
        if (input.auto_transition !== undefined)
          changes.auto_transition = optionalBoolean('auto_transition', input.auto_transition, true);
        const from = changes.scheduled_for ?? incident.scheduled_for!;
        const until = changes.scheduled_until ?? incident.scheduled_until!;
        if (until.getTime() <= from.getTime())
          throw new ValidationError(
            'scheduled_until',
            'scheduled_until must be after scheduled_for',
          );
        if (changes.scheduled_for) changes.started_at = changes.scheduled_for;
      }
      if (input.component_ids !== undefined) {
        const pages = new StatusPageRepository(trx);
        await incidents.replaceComponents(
          id,
          await componentIds(pages, incident.page_id, input.component_ids),
        );
      }
      await incidents.update(id, changes);
      await notifyPageChanged(trx, incident.page_id);
    });
    return this.get(id);
  }

  async editUpdate(
    updateId: string,
    input: { body?: unknown; display_at?: unknown },
  ): Promise<IncidentDetail> {
    const changes: { body?: string; display_at?: Date } = {};
    if (input.body !== undefined) changes.body = requireText('body', input.body, { max: MAX_BODY });
    if (input.display_at !== undefined)
      changes.display_at = requireDate('display_at', input.display_at);
    const incidentId = await withTransaction(this.db, async (trx) => {
      const incidents = new IncidentRepository(trx);
      const update = await incidents.updateUpdate(updateId, changes);
      if (!update) throw new NotFoundError('incident update', updateId);
      const incident = (await incidents.find(update.incident_id))!;
      await notifyPageChanged(trx, incident.page_id);
      return incident.id;
    });
    return this.get(incidentId);
  }

  async delete(id: string): Promise<void> {
    await withTransaction(this.db, async (trx) => {
      const incidents = new IncidentRepository(trx);
      const incident = await incidents.find(id);
      if (!incident) throw new NotFoundError('incident', id);
      await incidents.delete(id);
      await notifyPageChanged(trx, incident.page_id);
    });
  }

  /**
   * Moves every maintenance whose window has started or ended. Safe to run on many instances at
   * once: each row is re-read under a row lock and skipped if another instance holds it.
   */
  async advanceMaintenances(now = new Date()): Promise<number> {
    const due = await new IncidentRepository(this.db).dueMaintenances(now);
    let moved = 0;
    for (const candidate of due) {
      const done = await withTransaction(this.db, async (trx) => {
        const locked = await sql<{
          id: string;
        }>`SELECT id FROM incidents WHERE id = ${candidate.id} FOR UPDATE SKIP LOCKED`.execute(trx);
        if (locked.rows.length === 0) return false;
        const incidents = new IncidentRepository(trx);
        const maintenance = (await incidents.find(candidate.id))!;
        const next = dueMaintenanceStatus(
          {
            status: maintenance.status as MaintenanceStatus,
            scheduled_for: maintenance.scheduled_for!,
            scheduled_until: maintenance.scheduled_until!,
            auto_transition: maintenance.auto_transition,
          },
          now,
        );
        if (!next) return false;
        const pages = new StatusPageRepository(trx);
        const linked = (await incidents.withDetails([maintenance]))[0]!.component_ids;
        const changes = await maintenanceComponentChanges(pages, linked, next);
        const updated = await incidents.update(maintenance.id, {
          status: next,
          ...timestampsAfterStatus(maintenance, next, now),
        });
        await writeUpdate(trx, updated!, {
          status: next,
          body: automaticMaintenanceMessage(next),
          changes,
          displayAt: now,
          now,
          previousStatus: maintenance.status as MaintenanceStatus,
        });
        await pages.touchPage(maintenance.page_id);
        await notifyPageChanged(trx, maintenance.page_id);
        return true;
      });
      if (done) moved++;
    }
    return moved;
  }

  nextMaintenanceTransition(now = new Date()): Promise<Date | null> {
    return new IncidentRepository(this.db).nextMaintenanceTransition(now);
  }
}

/** Stores an update with its component changes and announces it in the outbox. */
async function writeUpdate(
  trx: Kysely<Database>,
  incident: IncidentRow,
  update: {
    status: IncidentStatus | MaintenanceStatus;
    body: string;
    changes: ComponentChange[];
    displayAt: Date;
    now: Date;
    /** The status before this update; absent for the update that opens the incident. */
    previousStatus?: IncidentStatus | MaintenanceStatus;
  },
): Promise<void> {
  const pages = new StatusPageRepository(trx);
  const affected = [];
  for (const [position, change] of update.changes.entries()) {
    affected.push({
      component_id: change.component.id,
      name: change.component.name,
      old_status: change.component.status,
      new_status: change.newStatus,
      position,
    });
    if (change.component.status !== change.newStatus) {
      await pages.updateComponent(change.component.id, { status: change.newStatus });
    }
  }
  const stored = await new IncidentRepository(trx).insertUpdate(
    {
      id: newId(),
      incident_id: incident.id,
      status: update.status,
      body: update.body,
      display_at: update.displayAt,
    },
    affected,
  );
  await recordIncidentEvent(
    trx,
    incident,
    stored,
    affected,
    update.previousStatus ?? null,
    update.now,
  );
}

/** Parses `{ componentId: status }`, checking every component is on the page. */
async function componentChanges(
  pages: StatusPageRepository,
  pageId: string,
  value: unknown,
): Promise<ComponentChange[]> {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(
      'components',
      'components must be an object of component id → status',
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const statuses = entries.map(
    ([id, status]) => [id, requireOneOf(`components.${id}`, status, COMPONENT_STATUSES)] as const,
  );
  const found = await pages.findComponents(statuses.map(([id]) => id));
  const byId = new Map(found.filter((c) => c.page_id === pageId).map((c) => [c.id, c]));
  return statuses.map(([id, newStatus]) => {
    const component = byId.get(id);
    if (!component)
      throw new ValidationError(`components.${id}`, `component ${id} does not exist on this page`);
    return { component, newStatus };
  });
}

async function componentIds(
  pages: StatusPageRepository,
  pageId: string,
  value: unknown,
): Promise<string[]> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
    throw new ValidationError('component_ids', 'component_ids must be a list of component ids');
  }
  const ids = [...new Set(value as string[])];
  const found = await pages.findComponents(ids);
  const onPage = new Set(found.filter((c) => c.page_id === pageId).map((c) => c.id));
  const missing = ids.find((id) => !onPage.has(id));
  if (missing)
    throw new ValidationError('component_ids', `component ${missing} does not exist on this page`);
  return ids;
}

/** Components under a maintenance go under maintenance while it runs and back to operational after. */
async function maintenanceComponentChanges(
  pages: StatusPageRepository,
  linkedIds: string[],
  status: MaintenanceStatus,
): Promise<ComponentChange[]> {
  const components = await pages.findComponents(linkedIds);
  if (status === 'in_progress') {
    return components
      .filter((c) => c.status === 'operational')
      .map((component) => ({ component, newStatus: 'under_maintenance' }));
  }
  if (status === 'completed') {
    return components
      .filter((c) => c.status === 'under_maintenance')
      .map((component) => ({ component, newStatus: 'operational' }));
  }
  return [];
}
