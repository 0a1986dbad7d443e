// The "past incidents" part of a status page: the last few calendar days in the page's time zone,
// each with the incidents and begun maintenances that began that day (like Statuspage).
import type { IncidentDetail } from '../../store/incident-repository.js';
import { inHistory } from './history-rule.js';
import type { PageClock } from './time-format.js';

export interface HistoryDay {
  /** YYYY-MM-DD in the page's zone. */
  key: string;
  entries: IncidentDetail[];
}

const DAY_MS = 86_400_000;

/** When an entry belongs in the history: when it began (a maintenance's start is its window's). */
export function historyInstant(entry: IncidentDetail): Date {
  return entry.started_at;
}

/**
 * Days from today back `days - 1` days. When a list was cut at its limit, days older than its
 * oldest entry are left out, since "no incidents" could not be told for them.
 */
export function historyDays(input: {
  incidents: readonly IncidentDetail[];
  incidentsComplete: boolean;
  maintenances: readonly IncidentDetail[];
  maintenancesComplete: boolean;
  clock: PageClock;
  now: Date;
  days: number;
}): HistoryDay[] {
  const { clock, now } = input;
  const begunMaintenances = input.maintenances.filter(inHistory);
  let oldestKnownKey = '';
  // `listedBy` is the order of the list: whatever it left out is older than its last entry.
  const cut = (
    list: readonly IncidentDetail[],
    complete: boolean,
    listedBy: (entry: IncidentDetail) => Date,
  ): void => {
    const last = list[list.length - 1];
    if (complete || !last) return;
    const key = clock.dayKey(listedBy(last));
    if (key > oldestKnownKey) oldestKnownKey = key;
  };
  cut(input.incidents, input.incidentsComplete, (entry) => entry.created_at);
  cut(input.maintenances, input.maintenancesComplete, (entry) => entry.started_at);

  const entriesByDay = new Map<string, IncidentDetail[]>();
  for (const entry of [...input.incidents, ...begunMaintenances]) {
    const key = clock.dayKey(historyInstant(entry));
    const list = entriesByDay.get(key);
    if (list) list.push(entry);
    else entriesByDay.set(key, [entry]);
  }
  const days: HistoryDay[] = [];
  const seen = new Set<string>();
  for (let i = 0; days.length < input.days && i < input.days + 2; i++) {
    const at = new Date(now.getTime() - i * DAY_MS);
    const key = clock.dayKey(at);
    // Around daylight-saving changes two steps of 24 h can land on the same calendar day.
    if (seen.has(key)) continue;
    seen.add(key);
    if (key < oldestKnownKey) break;
    const entries = (entriesByDay.get(key) ?? []).sort(
      (a, b) => historyInstant(b).getTime() - historyInstant(a).getTime(),
    );
    days.push({ key, entries });
  }
  return days;
}
