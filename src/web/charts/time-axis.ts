// X-axis ticks for the latency chart, placed on round local times of the page's time zone
// (every 3 hours over a day, midnights over a week, Mondays over a month) and labelled there.

export type LatencyRange = '24h' | '7d' | '30d';

export const RANGE_MS: Record<LatencyRange, number> = {
  '24h': 24 * 3_600_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

export interface TimeTick {
  at: Date;
  label: string;
  /** Minor ticks lose their label on narrow screens, where every label would not fit. */
  minor: boolean;
}

interface LocalParts {
  weekday: string;
  month: string;
  day: string;
  hour: number;
  minute: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();
const pointFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let found = partFormatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partFormatters.set(timeZone, found);
  }
  return found;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of partsFormatter(timeZone).formatToParts(at)) parts[part.type] = part.value;
  return {
    weekday: parts.weekday ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** "Nov 24, 14:00" in the zone, for tables and marker titles. */
export function formatPointTime(at: Date, timeZone: string): string {
  let found = pointFormatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    pointFormatters.set(timeZone, found);
  }
  return found.format(at);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Decides whether a local time gets a tick, and what it says. */
function tickLabel(range: LatencyRange, local: LocalParts): string | null {
  if (local.minute !== 0) return null;
  if (range === '24h') {
    if (local.hour % 3 !== 0) return null;
    return local.hour === 0 ? `${local.month} ${local.day}` : `${pad(local.hour)}:00`;
  }
  if (local.hour !== 0) return null;
  if (range === '7d') return `${local.weekday} ${local.day}`;
  return local.weekday === 'Mon' ? `${local.month} ${local.day}` : null;
}

/** Candidate instants are 15 minutes apart so zones offset by :30 or :45 still hit round times. */
const SCAN_STEP_MS = 15 * 60_000;

export function timeTicks(
  start: Date,
  end: Date,
  range: LatencyRange,
  timeZone: string,
): TimeTick[] {
  const ticks: TimeTick[] = [];
  const first = Math.ceil(start.getTime() / SCAN_STEP_MS) * SCAN_STEP_MS;
  for (let time = first; time <= end.getTime(); time += SCAN_STEP_MS) {
    const at = new Date(time);
    const local = localParts(at, timeZone);
    const label = tickLabel(range, local);
    if (label === null) continue;
    // Over a day the 6-hourly ticks stay labelled; over a week every other midnight does.
    const minor = range === '24h' ? local.hour % 6 !== 0 : range === '7d' && ticks.length % 2 === 1;
    ticks.push({ at, label, minor });
  }
  return ticks;
}
