// Dates and times as visitors read them: in the status page's own time zone, with the zone named,
// while the machine-readable UTC instant goes into <time datetime>.

interface ZoneFormatters {
  dateTime: Intl.DateTimeFormat;
  dateTimeNoZone: Intl.DateTimeFormat;
  time: Intl.DateTimeFormat;
  day: Intl.DateTimeFormat;
  dayKey: Intl.DateTimeFormat;
}

const formattersByZone = new Map<string, ZoneFormatters>();

function formatters(timeZone: string): ZoneFormatters {
  let found = formattersByZone.get(timeZone);
  if (!found) {
    found = {
      dateTime: new Intl.DateTimeFormat('en-US', {
        timeZone,
        month: 'short',
        day: 'numeric',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      }),
      dateTimeNoZone: new Intl.DateTimeFormat('en-US', {
        timeZone,
        month: 'short',
        day: 'numeric',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
      time: new Intl.DateTimeFormat('en-US', {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      }),
      day: new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        month: 'long',
        day: 'numeric',
        year: 'numeric',
      }),
      // en-CA formats dates as YYYY-MM-DD, a sortable key of the calendar day in that zone.
      dayKey: new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }),
    };
    formattersByZone.set(timeZone, found);
  }
  return found;
}

function safeZone(timeZone: string): string {
  try {
    formatters(timeZone);
    return timeZone;
  } catch {
    // Time zones are validated on write; an engine without that zone still renders in UTC.
    return 'UTC';
  }
}

/** Formats instants for one status page. */
export class PageClock {
  readonly timeZone: string;

  constructor(timeZone: string) {
    this.timeZone = safeZone(timeZone);
  }

  /** "Mar 5, 2025, 14:30 CET" */
  dateTime(at: Date): string {
    return formatters(this.timeZone).dateTime.format(at);
  }

  /** "14:30 CET" */
  time(at: Date): string {
    return formatters(this.timeZone).time.format(at);
  }

  /** "Wed, March 5, 2025" */
  day(at: Date): string {
    return formatters(this.timeZone).day.format(at);
  }

  /** "2025-03-05", the calendar day of `at` in the page's zone. */
  dayKey(at: Date): string {
    return formatters(this.timeZone).dayKey.format(at);
  }

  /** A window, without repeating the date when it starts and ends on the same day. */
  window(from: Date, until: Date): string {
    if (this.dayKey(from) === this.dayKey(until)) {
      return `${formatters(this.timeZone).dateTimeNoZone.format(from)} – ${this.time(until)}`;
    }
    return `${this.dateTime(from)} – ${this.dateTime(until)}`;
  }
}

/** "2025-03-05 13:00 UTC", shown as a tooltip next to local times. */
export function utcLabel(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const utcDay = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  weekday: 'short',
  month: 'long',
  day: 'numeric',
  year: 'numeric',
});

/** "Wed, March 5, 2025" for a calendar-day key (YYYY-MM-DD), whatever the zone it came from. */
export function dayKeyLabel(key: string): string {
  return utcDay.format(new Date(`${key}T12:00:00Z`));
}
