// The outbox event an incident or maintenance update announces (incident.created,
// maintenance.started, ...), written in the transaction of the update so that it is sent if and
// only if the update is stored. The payload is a snapshot: the event says what was true then.
import type { Kysely } from 'kysely';
import { incidentEventKind } from '../domain/notifications/index.js';
import type { IncidentStatus, MaintenanceStatus } from '../domain/status.js';
import { insertOutboxEvent } from '../store/outbox-repository.js';
import type {
  Database,
  IncidentRow,
  IncidentUpdateComponentRow,
  IncidentUpdateRow,
} from '../store/schema.js';

type AnyStatus = IncidentStatus | MaintenanceStatus;

export async function recordIncidentEvent(
  trx: Kysely<Database>,
  incident: IncidentRow,
  update: IncidentUpdateRow,
  affected: ReadonlyArray<Omit<IncidentUpdateComponentRow, 'update_id'>>,
  previousStatus: AnyStatus | null,
  now: Date,
): Promise<void> {
  const linked = await trx
    .selectFrom('incident_components')
    .select('component_id')
    .where('incident_id', '=', incident.id)
    .orderBy('component_id')
    .execute();
  await insertOutboxEvent(
    trx,
    {
      kind: incidentEventKind(incident.kind, previousStatus, incident.status as AnyStatus),
      payload: {
        // The update's id is unique per posted update and never reused: a stable event id.
        event_id: `update-${update.id}`,
        incident_id: incident.id,
        incident_name: incident.name,
        incident_kind: incident.kind,
        status: incident.status,
        previous_status: previousStatus,
        impact: incident.impact,
        page_id: incident.page_id,
        component_ids: linked.map((row) => row.component_id),
        components: affected.map((change) => ({
          id: change.component_id,
          name: change.name,
          old_status: change.old_status,
          new_status: change.new_status,
        })),
        scheduled_for: incident.scheduled_for?.toISOString() ?? null,
        scheduled_until: incident.scheduled_until?.toISOString() ?? null,
        update: {
          id: update.id,
          status: update.status,
          body: update.body,
          display_at: update.display_at.toISOString(),
        },
        occurred_at: now.toISOString(),
      },
    },
    now,
  );
}
