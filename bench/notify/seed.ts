// What the notify benchmark delivers: outbox rows exactly as the evaluator and the incident
// service write them, inserted in bulk, and the audience of the email run.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';

const INSERT_BATCH = 500;
const MONITORS = 100;
const REGIONS = ['eu-west', 'us-east', 'ap-south'];
const BENCH_PAGE = 'bench-page';
const BENCH_COMPONENT = 'bench-api';

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
        page_id: BENCH_PAGE,
        component_ids: [BENCH_COMPONENT],
        components: [
          {
            id: BENCH_COMPONENT,
            name: 'API',
            old_status: 'operational',
            new_status: 'major_outage',
          },
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
 * Who receives the incident update by email: `addresses` as confirmed subscribers of the page the
 * incident is on, as the public form leaves them after the opt-in. Every other one chose the
 * incident's component, the rest chose none (every component), so the fan-out's component rule
 * is exercised for all of them.
 */
export async function emailAudience(
  db: Kysely<Database>,
  addresses: readonly string[],
  now = new Date(),
): Promise<{ describe: string; mails: number }> {
  await db
    .insertInto('pages')
    .values({ id: BENCH_PAGE, slug: 'bench', name: 'Bench status' })
    .execute();
  await db
    .insertInto('components')
    .values({ id: BENCH_COMPONENT, page_id: BENCH_PAGE, name: 'API' })
    .execute();
  for (let start = 0; start < addresses.length; start += INSERT_BATCH) {
    const batch = addresses.slice(start, start + INSERT_BATCH).map((address, i) => ({
      id: `bench-sub-${start + i}`,
      address,
    }));
    await db
      .insertInto('subscribers')
      .values(
        batch.map(({ id, address }) => ({
          id,
          page_id: BENCH_PAGE,
          kind: 'email',
          address,
          status: 'confirmed',
          unsubscribe_token: `${id}-${randomBytes(16).toString('hex')}`,
          confirmed_at: now,
        })),
      )
      .execute();
    const choosing = batch.filter((_, i) => (start + i) % 2 === 0);
    if (choosing.length > 0) {
      await db
        .insertInto('subscriber_components')
        .values(choosing.map(({ id }) => ({ subscriber_id: id, component_id: BENCH_COMPONENT })))
        .execute();
    }
  }
  return {
    describe: `1 incident update → ${addresses.length} confirmed email subscribers`,
    mails: addresses.length,
  };
}

export function recipientAddresses(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `reader${i}@bench.example.com`);
}
