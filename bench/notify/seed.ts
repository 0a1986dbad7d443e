// What the notify benchmark delivers: outbox rows exactly as the evaluator and the incident
// service write them, inserted in bulk, and the audience of the email run.
import type { Kysely } from 'kysely';
import type { Services } from '../../src/services/index.js';
import type { Database } from '../../src/store/schema.js';

const INSERT_BATCH = 500;
const MONITORS = 100;
const REGIONS = ['eu-west', 'us-east', 'ap-south'];

/** `count` monitor.down rows as evaluate-monitor.ts writes them, spread over 100 monitors. */
export async function insertMonitorDownEvents(
  db: Kysely<Database>,
  count: number,
  now = new Date(),
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += INSERT_BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + INSERT_BATCH); i++) {
      const eventId = `bench-down-${String(i).padStart(6, '0')}`;
      ids.push(eventId);
      const monitor = i % MONITORS;
      rows.push({
        kind: 'monitor.down',
        created_at: now,
        payload: JSON.stringify({
          event_id: eventId,
          monitor_id: `bench-monitor-${monitor}`,
          monitor_name: `api-${monitor}.example.com`,
          from: 'up',
          to: 'down',
          reason: {
            summary: `2 of 3 regions failing (quorum 2): ${REGIONS.slice(0, 2).join(', ')}`,
            quorum: 2,
            failingRegions: REGIONS.slice(0, 2),
            okRegions: REGIONS.slice(2),
            silentRegions: [],
            slowRegions: [],
            triggeredBy: null,
            evidence: REGIONS.slice(0, 2).map((region) => ({
              region,
              passed: false,
              error: 'connect ETIMEDOUT',
              statusCode: null,
              latencyMs: 5000,
            })),
          },
          occurred_at: now.toISOString(),
        }),
      });
    }
    await db.insertInto('outbox').values(rows).execute();
  }
  return ids;
}

/** One incident update as the incident service writes it (an incident opened on one component). */
export async function insertIncidentUpdate(
  db: Kysely<Database>,
  now = new Date(),
): Promise<string> {
  const eventId = 'bench-update-1';
  await db
    .insertInto('outbox')
    .values({
      kind: 'incident.created',
      created_at: now,
      payload: JSON.stringify({
        event_id: eventId,
        incident_id: 'bench-incident',
        incident_name: 'Elevated API error rates',
        incident_kind: 'incident',
        status: 'investigating',
        previous_status: null,
        impact: 'major',
        page_id: 'bench-page',
        component_ids: ['bench-api'],
        components: [
          { id: 'bench-api', name: 'API', old_status: 'operational', new_status: 'major_outage' },
        ],
        scheduled_for: null,
        scheduled_until: null,
        update: {
          id: 'bench-update',
          status: 'investigating',
          body: 'We are seeing elevated error rates on the API and are investigating.',
          display_at: now.toISOString(),
        },
        occurred_at: now.toISOString(),
      }),
    })
    .execute();
  return eventId;
}

/**
 * Who receives the incident update by email. Today: email channels of up to 50 recipients each
 * (the channel's limit), all routed to everything. This is the one place to change for
 * subscriber fan-out (confirmed email subscribers of the page instead of channels).
 */
export async function emailAudience(
  services: Services,
  addresses: readonly string[],
): Promise<{ describe: string; mails: number }> {
  const perChannel = 50;
  let channels = 0;
  for (let start = 0; start < addresses.length; start += perChannel) {
    const channel = await services.channels.create({
      name: `bench-mail-${channels}`,
      type: 'email',
      config: { to: addresses.slice(start, start + perChannel) },
    });
    await services.routes.add({ channel_id: channel.id });
    channels += 1;
  }
  return {
    describe: `1 incident update → ${channels} email channels × ${perChannel} recipients`,
    mails: addresses.length,
  };
}

export function recipientAddresses(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `reader${i}@bench.example.com`);
}
