// "Still down" reminders: every pass of every notifier looks at the monitors that are down and
// the routes with remind_every, and writes the reminder that is due (domain/notifications/
// reminders.ts) as an outbox row addressed to its channel. Claiming reminder n is one conditional
// upsert on notification_reminders: with several notifiers only one raises the row to n, so only
// one writes the outbox row — in the same transaction, so a crash between the two cannot lose it
// or send it twice. The event id is derived from (monitor, down since, channel, n) as well.
import { sql, type Kysely } from 'kysely';
import {
  reminderEventId,
  reminderIntervals,
  reminderToSend,
} from '../domain/notifications/index.js';
import { ChannelRepository } from '../store/channel-repository.js';
import { insertOutboxEvent } from '../store/outbox-repository.js';
import type { Database } from '../store/schema.js';
import { withTransaction } from '../store/transaction.js';

/** Writes the reminders due at `now`; returns how many. */
export async function writeDueReminders(db: Kysely<Database>, now = new Date()): Promise<number> {
  // Cheap check first: most installations have no reminders, and this runs every pass.
  const any = await db
    .selectFrom('notification_routes')
    .select('id')
    .where('remind_every_minutes', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  if (!any) return 0;
  return withTransaction(db, async (trx) => {
    const down = await trx
      .selectFrom('monitor_states as s')
      .innerJoin('monitors as m', 'm.id', 's.monitor_id')
      .select(['m.id', 'm.name', 's.state'])
      .where('s.status', '=', 'down')
      // One order for every notifier, so two of them never wait on each other's rows in a cycle.
      .orderBy('m.id')
      .execute();
    if (down.length === 0) return 0;
    const routes = await new ChannelRepository(trx).allRoutes();
    const enabled = new Set(
      (await trx.selectFrom('channels').select('id').where('enabled', '=', true).execute()).map(
        (row) => row.id,
      ),
    );
    const components = await componentsOf(
      trx,
      down.map((row) => row.id),
    );
    let written = 0;
    for (const monitor of down) {
      const downSince = (monitor.state as { since?: unknown }).since;
      if (typeof downSince !== 'string' || Number.isNaN(Date.parse(downSince))) continue;
      const intervals = reminderIntervals(
        routes,
        { monitorId: monitor.id, componentIds: components.get(monitor.id) ?? [] },
        enabled,
      );
      for (const [channelId, every] of intervals) {
        const last = await trx
          .selectFrom('notification_reminders')
          .select(['down_since', 'sequence'])
          .where('monitor_id', '=', monitor.id)
          .where('channel_id', '=', channelId)
          .executeTakeFirst();
        const sequence = reminderToSend(
          downSince,
          now.getTime(),
          every,
          last
            ? { downSince: new Date(last.down_since).toISOString(), sequence: last.sequence }
            : null,
        );
        if (sequence === null) continue;
        if (!(await claim(trx, monitor.id, channelId, downSince, sequence, now))) continue;
        await insertOutboxEvent(
          trx,
          {
            kind: 'monitor.reminder',
            payload: await reminderPayload(trx, monitor, channelId, downSince, sequence, now),
          },
          now,
        );
        written += 1;
      }
    }
    return written;
  });
}

/** Raises the channel's reminder to `sequence` unless someone got there first. */
async function claim(
  trx: Kysely<Database>,
  monitorId: string,
  channelId: string,
  downSince: string,
  sequence: number,
  now: Date,
): Promise<boolean> {
  const since = new Date(downSince);
  const row = await trx
    .insertInto('notification_reminders')
    .values({
      monitor_id: monitorId,
      channel_id: channelId,
      down_since: since,
      sequence,
      sent_at: now,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['monitor_id', 'channel_id'])
        .doUpdateSet({ down_since: since, sequence, sent_at: now })
        .where((eb) =>
          eb.or([
            eb('notification_reminders.down_since', '!=', since),
            eb('notification_reminders.sequence', '<', sequence),
          ]),
        ),
    )
    .returning('monitor_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The reminder's payload: the down transition's reason and regions, and how long it has been. */
async function reminderPayload(
  trx: Kysely<Database>,
  monitor: { id: string; name: string; state: unknown },
  channelId: string,
  downSince: string,
  sequence: number,
  now: Date,
): Promise<Record<string, unknown>> {
  const transition = await trx
    .selectFrom('monitor_transitions')
    .select(['reason'])
    .where('monitor_id', '=', monitor.id)
    .where('to_status', '=', 'down')
    .where('at', '<=', new Date(downSince))
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const failing = (monitor.state as { failingRegions?: unknown }).failingRegions;
  return {
    event_id: reminderEventId(monitor.id, downSince, channelId, sequence),
    channel_id: channelId,
    monitor_id: monitor.id,
    monitor_name: monitor.name,
    from: 'down',
    to: 'down',
    reason: transition?.reason ?? {
      summary: 'still down',
      failingRegions: Array.isArray(failing) ? failing : [],
    },
    reminder: {
      down_since: new Date(downSince).toISOString(),
      down_for_ms: now.getTime() - Date.parse(downSince),
      sequence,
    },
    occurred_at: now.toISOString(),
  };
}

async function componentsOf(
  trx: Kysely<Database>,
  monitorIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byMonitor = new Map<string, string[]>();
  const rows = await trx
    .selectFrom('monitor_components')
    .select(['monitor_id', 'component_id'])
    .where('monitor_id', '=', sql<string>`any(${[...monitorIds]}::text[])`)
    .execute();
  for (const row of rows) {
    byMonitor.set(row.monitor_id, [...(byMonitor.get(row.monitor_id) ?? []), row.component_id]);
  }
  return byMonitor;
}
