// "Still down" reminders: which channels get them for a down monitor and how often (the smallest
// remind_every of the routes that would send that channel the monitor's "down"), which reminder
// is due now, and its event id. Reminder n of a down period is due remind_every × n after the
// down transition; only the latest due one is sent, so a notifier that was away for hours sends
// one catch-up reminder, not a burst. The id is derived from what the reminder is, so the
// deliveries' unique (event_id, channel_id) makes a second copy impossible.
import { createHash } from 'node:crypto';
import { routeMatches, type EventScope, type NotificationRoute } from './routing.js';

export const REMIND_EVERY_MIN_MINUTES = 5;
/** One week. */
export const REMIND_EVERY_MAX_MINUTES = 7 * 24 * 60;

const MINUTE_MS = 60_000;

/** Why a remind_every value is refused, or null when it is acceptable (null means "none"). */
export function remindEveryProblem(minutes: number | null): string | null {
  if (minutes === null) return null;
  if (!Number.isInteger(minutes)) return 'must be a whole number of minutes';
  if (minutes < REMIND_EVERY_MIN_MINUTES || minutes > REMIND_EVERY_MAX_MINUTES) {
    return `must be between ${REMIND_EVERY_MIN_MINUTES} minutes and one week (${REMIND_EVERY_MAX_MINUTES} minutes)`;
  }
  return null;
}

/**
 * Channel → minutes between reminders for a down monitor of this scope: a channel hears
 * reminders when one of its routes with remind_every would send it the monitor's "down" (or
 * names `monitor.reminder` among its kinds); with
 * several such routes the shortest interval wins (one reminder stream per channel).
 */
export function reminderIntervals(
  routes: readonly NotificationRoute[],
  scope: Omit<EventScope, 'kind'>,
  enabled: ReadonlySet<string>,
): Map<string, number> {
  const intervals = new Map<string, number>();
  for (const route of routes) {
    const every = route.remindEveryMinutes ?? null;
    if (every === null || !enabled.has(route.channelId)) continue;
    const hears = (kind: string) => routeMatches(route, { ...scope, kind });
    if (!hears('monitor.down') && !hears('monitor.reminder')) continue;
    const current = intervals.get(route.channelId);
    if (current === undefined || every < current) intervals.set(route.channelId, every);
  }
  return intervals;
}

/** The number of the latest reminder due at `nowMs` (1 for the first), or 0 when none is yet. */
export function dueReminder(downSinceMs: number, nowMs: number, everyMinutes: number): number {
  if (!(nowMs > downSinceMs) || everyMinutes <= 0) return 0;
  return Math.floor((nowMs - downSinceMs) / (everyMinutes * MINUTE_MS));
}

/**
 * The reminder to send now, or null: `last` is the reminder already sent for this channel and
 * monitor (its down period and number), if any. A new down period starts counting afresh.
 */
export function reminderToSend(
  downSince: string,
  nowMs: number,
  everyMinutes: number,
  last: { downSince: string; sequence: number } | null,
): number | null {
  const due = dueReminder(Date.parse(downSince), nowMs, everyMinutes);
  if (due < 1) return null;
  const sent = last !== null && sameMoment(last.downSince, downSince) ? last.sequence : 0;
  return due > sent ? due : null;
}

/** Stable id of reminder n of the down period that began at `downSince`, for one channel. */
export function reminderEventId(
  monitorId: string,
  downSince: string,
  channelId: string,
  sequence: number,
): string {
  const since = new Date(downSince).toISOString();
  return `reminder-${createHash('sha256')
    .update(`${monitorId}\u0000${since}\u0000${channelId}\u0000${sequence}`)
    .digest('hex')
    .slice(0, 24)}`;
}

function sameMoment(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b);
}
