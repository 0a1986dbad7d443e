// Wall-clock times in a status page's time zone: reading `datetime-local` form values as that
// zone's local time (stored as UTC), and showing stored UTC instants back in that zone.
import { ValidationError } from '../../domain/errors.js';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Building an Intl.DateTimeFormat is slow, so each zone gets one, made on first use. */
function formatterPerZone(
  make: (timeZone: string) => Intl.DateTimeFormat,
): (timeZone: string) => Intl.DateTimeFormat {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  return (timeZone) => {
    let formatter = formatters.get(timeZone);
    if (!formatter) {
      formatter = make(timeZone);
      formatters.set(timeZone, formatter);
    }
    return formatter;
  };
}

const partsFormatter = formatterPerZone(
  (timeZone) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
);

/** The zone's wall clock at `instant`, as milliseconds of a UTC date with the same fields. */
function wallClockMs(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return Date.UTC(
    fields.year!,
    fields.month! - 1,
    fields.day!,
    fields.hour!,
    fields.minute!,
    fields.second!,
  );
}

/** Offset of the zone from UTC at `instant`, in milliseconds (positive east of Greenwich). */
function offsetMs(instant: number, timeZone: string): number {
  return (
    wallClockMs(Math.floor(instant / 1000) * 1000, timeZone) - Math.floor(instant / 1000) * 1000
  );
}

/**
 * The UTC instant of a `datetime-local` value (YYYY-MM-DDTHH:mm) read in `timeZone`. A time that
 * does not exist (skipped by a daylight-saving jump) moves forward by the jump, as clocks do; a
 * time that happens twice takes the first.
 */
export function zonedLocalToUtc(field: string, value: string | undefined, timeZone: string): Date {
  const match = value === undefined ? null : LOCAL.exec(value.trim());
  if (!match) throw new ValidationError(field, `${field} must be a date and time`);
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const check = new Date(wall);
  if (
    check.getUTCMonth() !== month! - 1 ||
    check.getUTCDate() !== day! ||
    hour! > 23 ||
    minute! > 59
  ) {
    throw new ValidationError(field, `${field} is not a real date`);
  }
  // The offset before and after a possible transition around this wall time; try the earlier first.
  const before = offsetMs(wall - 86_400_000, timeZone);
  const after = offsetMs(wall + 86_400_000, timeZone);
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const candidate = wall - offset;
    if (wallClockMs(candidate, timeZone) === wall) return new Date(candidate);
  }
  // In a gap: the wall time never shows; keep the offset from before the jump.
  return new Date(wall - before);
}

/** A stored instant as the `datetime-local` value of `timeZone`, to prefill a form. */
export function utcToZonedLocal(instant: Date, timeZone: string): string {
  return new Date(wallClockMs(instant.getTime(), timeZone)).toISOString().slice(0, 16);
}

const displayFormatter = formatterPerZone(
  (timeZone) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }),
);

/** A readable date and time in the zone, with the zone's abbreviation, e.g. "2 Jan 2030, 10:00 CET". */
export function formatInZone(instant: Date, timeZone: string): string {
  return displayFormatter(timeZone).format(instant);
}
