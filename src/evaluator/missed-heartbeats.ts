// Turns silence into evidence for heartbeat monitors: when no ping came within period + grace,
// a failed result is recorded at that deadline, so the usual thresholds and quorum judge it.
import { sql, type Kysely } from 'kysely';
import type { MonitorSettings } from '../domain/monitoring/index.js';
import { notifyResultsStored } from '../store/change-channel.js';
import { CheckResultRepository, type NewCheckResult } from '../store/check-result-repository.js';
import type { Database } from '../store/schema.js';

interface HeartbeatRow {
  id: string;
  settings: MonitorSettings;
  spec: Record<string, unknown>;
  updated_at: Date;
  last: Date | null;
}

/**
 * The deadline counts from the latest result (a ping, or the previous missed deadline, so a silent
 * job fails once per period rather than on every tick) or from the last edit of the monitor (its
 * creation or resume), whichever is later. Ids are derived from the deadline, so evaluators that
 * run this at once store each missed period once.
 */
export async function recordMissedHeartbeats(db: Kysely<Database>, now: Date): Promise<number> {
  const rows = (
    await sql<HeartbeatRow>`
      SELECT m.id, m.settings, m.spec, m.updated_at,
             (SELECT max(c.checked_at) FROM check_results c WHERE c.monitor_id = m.id) AS last
      FROM monitors m
      WHERE m.type = 'heartbeat' AND coalesce((m.settings ->> 'paused')::boolean, false) = false
    `.execute(db)
  ).rows;
  const missed: NewCheckResult[] = [];
  for (const row of rows) {
    const deadline = missedDeadline(row, now);
    if (deadline === null) continue;
    missed.push({
      id: `missed-${row.id}-${deadline.getTime()}`,
      monitorId: row.id,
      region: row.settings.regions[0]!,
      checkedAt: deadline,
      passed: false,
      latencyMs: null,
      errorClass: 'missed',
      errorMessage: `no ping since ${new Date(deadline.getTime() - periodMs(row)).toISOString()}`,
    });
  }
  if (missed.length === 0) return 0;
  const stored = await new CheckResultRepository(db).insertBatch(missed, now);
  const woken = new Set(missed.filter((r) => stored.ids.includes(r.id)).map((r) => r.monitorId));
  await notifyResultsStored(db, [...woken]);
  return stored.inserted;
}

/** The deadline that passed without a ping, or null while the job is on time. */
export function missedDeadline(
  row: Pick<HeartbeatRow, 'settings' | 'spec' | 'updated_at' | 'last'>,
  now: Date,
): Date | null {
  const since = Math.max(row.last?.getTime() ?? 0, new Date(row.updated_at).getTime());
  const deadline = since + periodMs(row);
  return deadline <= now.getTime() ? new Date(deadline) : null;
}

function periodMs(row: Pick<HeartbeatRow, 'settings' | 'spec'>): number {
  const grace = row.spec.graceMs;
  return row.settings.intervalMs + (typeof grace === 'number' ? grace : 0);
}
