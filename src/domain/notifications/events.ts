// Notification events as channels see them, read from the outbox rows the evaluator and the
// incident service write. The outbox payload is the durable (snake_case) record of what happened;
// this is its typed reading, checked field by field so a damaged row cannot reach a channel.

export interface MonitorEventDetails {
  id: string;
  name: string;
  status: string;
  previousStatus: string;
  reason: {
    summary: string;
    quorum: number | null;
    failingRegions: string[];
    okRegions: string[];
    silentRegions: string[];
    slowRegions: string[];
  };
  /** `monitor.reminder` only: the down period it reminds of. */
  reminder?: { downSince: string; downForMs: number; sequence: number };
  /** `monitor.certificate_expiring` only. */
  certificate?: {
    notAfter: string;
    subject: string | null;
    issuer: string | null;
    daysLeft: number;
    thresholdDays: number;
  };
}

export interface IncidentComponentChange {
  id: string;
  name: string;
  oldStatus: string;
  newStatus: string;
}

export interface IncidentEventDetails {
  id: string;
  name: string;
  kind: 'incident' | 'maintenance';
  status: string;
  previousStatus: string | null;
  impact: string;
  pageId: string;
  /** Every component the incident concerns (for routing), not only those this update changed. */
  componentIds: string[];
  /** Components whose status this update set. */
  components: IncidentComponentChange[];
  scheduledFor: string | null;
  scheduledUntil: string | null;
  update: { id: string; status: string; body: string; displayAt: string };
}

interface EventHeader {
  /** Stable across retries and notifier instances: what receivers deduplicate on. */
  id: string;
  /** `monitor.down`, `incident.created`, ... */
  type: string;
  /** ISO 8601, UTC. */
  occurredAt: string;
}

export type NotificationEvent = EventHeader &
  (
    | { subject: 'monitor'; monitor: MonitorEventDetails }
    | { subject: 'incident'; incident: IncidentEventDetails }
    | { subject: 'test'; message: string }
  );

export interface OutboxRecord {
  id: number;
  kind: string;
  payload: unknown;
  createdAt: Date;
}

/** The id of an outbox row's event: its own when it carries one, else one derived from the row. */
export function outboxEventId(record: Pick<OutboxRecord, 'id' | 'payload'>): string {
  const payload = asObject(record.payload);
  const id = payload?.event_id;
  return typeof id === 'string' && id !== '' ? id : `outbox-${record.id}`;
}

/** Reads an outbox row; null when its kind is unknown or its payload lacks what channels need. */
export function eventFromOutbox(record: OutboxRecord): NotificationEvent | null {
  const payload = asObject(record.payload);
  if (!payload) return null;
  const header: EventHeader = {
    id: outboxEventId(record),
    type: record.kind,
    occurredAt: isoTime(payload.occurred_at) ?? record.createdAt.toISOString(),
  };
  if (record.kind.startsWith('monitor.')) {
    const monitor = monitorDetails(payload);
    return monitor && { ...header, subject: 'monitor', monitor };
  }
  if (record.kind.startsWith('incident.') || record.kind.startsWith('maintenance.')) {
    const incident = incidentDetails(payload);
    return incident && { ...header, subject: 'incident', incident };
  }
  return null;
}

/** A made-up event for a channel's "send test". */
export function testEvent(id: string, now: Date): NotificationEvent {
  return {
    id,
    type: 'test',
    occurredAt: now.toISOString(),
    subject: 'test',
    message: 'Test notification from Vigil: this channel is set up correctly.',
  };
}

function monitorDetails(payload: Record<string, unknown>): MonitorEventDetails | null {
  const id = text(payload.monitor_id);
  const to = text(payload.to);
  if (id === null || to === null) return null;
  const reason = asObject(payload.reason) ?? {};
  const reminder = reminderDetails(payload.reminder);
  const certificate = certificateDetails(payload.certificate);
  return {
    ...(reminder ? { reminder } : {}),
    ...(certificate ? { certificate } : {}),
    id,
    name: text(payload.monitor_name) ?? id,
    status: to,
    previousStatus: text(payload.from) ?? 'pending',
    reason: {
      summary: text(reason.summary) ?? `${text(payload.from) ?? '?'} to ${to}`,
      quorum: typeof reason.quorum === 'number' ? reason.quorum : null,
      failingRegions: texts(reason.failingRegions),
      okRegions: texts(reason.okRegions),
      silentRegions: texts(reason.silentRegions),
      slowRegions: texts(reason.slowRegions),
    },
  };
}

function reminderDetails(value: unknown): MonitorEventDetails['reminder'] | null {
  const reminder = asObject(value);
  const downSince = reminder && isoTime(reminder.down_since);
  if (!reminder || downSince === null) return null;
  return {
    downSince,
    downForMs: finite(reminder.down_for_ms) ?? 0,
    sequence: finite(reminder.sequence) ?? 0,
  };
}

function certificateDetails(value: unknown): MonitorEventDetails['certificate'] | null {
  const certificate = asObject(value);
  const notAfter = certificate && isoTime(certificate.not_after);
  if (!certificate || notAfter === null) return null;
  return {
    notAfter,
    subject: text(certificate.subject),
    issuer: text(certificate.issuer),
    daysLeft: finite(certificate.days_left) ?? 0,
    thresholdDays: finite(certificate.threshold_days) ?? 0,
  };
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function incidentDetails(payload: Record<string, unknown>): IncidentEventDetails | null {
  const id = text(payload.incident_id);
  const status = text(payload.status);
  const update = asObject(payload.update);
  if (id === null || status === null || !update) return null;
  const components = Array.isArray(payload.components) ? payload.components : [];
  return {
    id,
    name: text(payload.incident_name) ?? id,
    kind: payload.incident_kind === 'maintenance' ? 'maintenance' : 'incident',
    status,
    previousStatus: text(payload.previous_status),
    impact: text(payload.impact) ?? 'none',
    pageId: text(payload.page_id) ?? '',
    componentIds: texts(payload.component_ids),
    components: components.flatMap((value) => {
      const change = asObject(value);
      const componentId = change && text(change.id);
      if (!change || componentId === null) return [];
      return [
        {
          id: componentId,
          name: text(change.name) ?? componentId,
          oldStatus: text(change.old_status) ?? '',
          newStatus: text(change.new_status) ?? '',
        },
      ];
    }),
    scheduledFor: isoTime(payload.scheduled_for),
    scheduledUntil: isoTime(payload.scheduled_until),
    update: {
      id: text(update.id) ?? '',
      status: text(update.status) ?? status,
      body: typeof update.body === 'string' ? update.body : '',
      displayAt: isoTime(update.display_at) ?? isoTime(payload.occurred_at) ?? '',
    },
  };
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function texts(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function isoTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
