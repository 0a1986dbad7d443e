// When a monitor with no new results may change status by the clock alone (turn stale), so the
// evaluator loop can re-evaluate it then instead of every monitor on every tick.
import { STALE_AFTER_INTERVALS } from '../domain/monitoring/index.js';
import type { MonitorSettings, MonitorState } from '../domain/monitoring/index.js';

/**
 * The earliest moment a region's latest result leaves the window (or, with no results, the
 * monitor turns from pending to stale). Null for paused monitors and for already stale ones
 * with nothing left to expire.
 */
export function staleCheckAt(
  state: MonitorState,
  settings: Pick<MonitorSettings, 'intervalMs' | 'paused'>,
): Date | null {
  if (settings.paused) return null;
  const windowMs = STALE_AFTER_INTERVALS * settings.intervalMs;
  const nowMs = Date.parse(state.evaluatedAt);
  let earliest = Number.POSITIVE_INFINITY;
  for (const verdict of Object.values(state.regions)) {
    const last = verdict.lastResult;
    if (last === null) continue;
    const expires = Date.parse(last.checkedAt) + windowMs;
    if (expires > nowMs) earliest = Math.min(earliest, expires);
  }
  if (state.status === 'pending')
    earliest = Math.min(earliest, Date.parse(state.observingSince) + windowMs);
  return Number.isFinite(earliest) ? new Date(earliest) : null;
}
