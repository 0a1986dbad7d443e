// The trouble a monitor is in, as notifications see it: the events that announced it (its
// down and degraded transitions), kept across a maintenance, so that the kind of the transition
// that ends it is known. Back to up from down or degraded is a recovery, and so is back to up
// from a maintenance that began while the monitor was in trouble: people who were told "down"
// must hear "recovered", even when a maintenance came in between. Back to up from a maintenance
// with no trouble before it is plain `monitor.up` (not sent by default): nothing was announced.

/** What the evaluator keeps between transitions (in the monitor state JSON). */
export interface Trouble {
  /** Event ids of the down/degraded transitions since the monitor was last up. */
  eventIds: string[];
}

export interface TransitionStep {
  from: string;
  to: string;
  /** The event id of this transition (its outbox row's event_id). */
  eventId: string;
}

export interface TroubleStep {
  /** The outbox kind of the transition. */
  kind: string;
  /** The trouble after the transition (null: none). */
  trouble: Trouble | null;
  /** For a recovery: the events of the trouble it ends (to hold it back where none was heard). */
  endsEventIds: string[];
}

const TROUBLE = new Set(['down', 'degraded']);

export function troubleStep(trouble: Trouble | null, step: TransitionStep): TroubleStep {
  const known = trouble?.eventIds ?? [];
  if (TROUBLE.has(step.to)) {
    return {
      kind: `monitor.${step.to}`,
      trouble: { eventIds: [...known, step.eventId] },
      endsEventIds: [],
    };
  }
  // Planned work is not the end of the trouble: whatever follows it is judged against it.
  if (step.to === 'maintenance') {
    return { kind: 'monitor.maintenance', trouble: trouble, endsEventIds: [] };
  }
  if (step.to === 'up') {
    const recovered = TROUBLE.has(step.from) || (step.from === 'maintenance' && known.length > 0);
    return recovered
      ? { kind: 'monitor.recovered', trouble: null, endsEventIds: known }
      : { kind: 'monitor.up', trouble: null, endsEventIds: [] };
  }
  // Stale, pending, paused: announced (or not) as themselves; the trouble is over as far as a
  // later "up" is concerned, as before maintenance suppression existed.
  return { kind: `monitor.${step.to}`, trouble: null, endsEventIds: [] };
}
