// Maintenance suppression: while a maintenance covers a monitor (one of its components), the
// monitor's alerts (down, degraded, stale, reminders) are held back from channels. "Covers" is
// judged at the moment the event happened: a maintenance in progress (or verifying), or one
// still marked scheduled whose window has begun — its status flips a few seconds late, and a
// monitor that fails in those seconds because of the work must not page anyone. A recovery is
// held back from a channel that heard none of the trouble it ends (every one of those events
// was held back there): nobody wants "recovered" for a "down" they never got.

export const SUPPRESSIBLE_KINDS: readonly string[] = [
  'monitor.down',
  'monitor.degraded',
  'monitor.stale',
  'monitor.reminder',
];

/** Maintenance statuses that cover their components whatever the clock says. */
const ACTIVE = new Set(['in_progress', 'verifying']);

export interface MaintenanceWindow {
  componentIds: readonly string[];
  status: string;
  /** ISO 8601 or null (a maintenance started by hand has no planned start). */
  scheduledFor: string | null;
  scheduledUntil: string | null;
}

/** True when the maintenance covered its components at `atMs`. */
export function maintenanceCovers(window: MaintenanceWindow, atMs: number): boolean {
  // Started (perhaps early, by hand) and not yet over: the work may explain anything now.
  if (ACTIVE.has(window.status)) return true;
  const from = window.scheduledFor === null ? null : Date.parse(window.scheduledFor);
  if (window.status !== 'scheduled' || from === null || Number.isNaN(from)) return false;
  const until = window.scheduledUntil === null ? Infinity : Date.parse(window.scheduledUntil);
  return atMs >= from && atMs < until;
}

/** True when one of the maintenances covers one of the components at `atMs`. */
export function underMaintenanceAt(
  windows: readonly MaintenanceWindow[],
  componentIds: readonly string[],
  atMs: number,
): boolean {
  return windows.some(
    (window) =>
      window.componentIds.some((id) => componentIds.includes(id)) &&
      maintenanceCovers(window, atMs),
  );
}

export type DeliveryDecision =
  { deliver: true } | { deliver: false; reason: 'maintenance' | 'trouble_not_announced' };

export interface DecisionInput {
  kind: string;
  /** A maintenance covered the monitor when the event happened. */
  underMaintenance: boolean;
  /** For a recovery: the events of the trouble it ends. */
  endsEventIds: readonly string[];
  /** Of those, the ones held back from this channel. */
  suppressedForChannel: ReadonlySet<string>;
}

/** Whether a monitor event the routes send to a channel is delivered there or held back. */
export function deliveryDecision(input: DecisionInput): DeliveryDecision {
  if (SUPPRESSIBLE_KINDS.includes(input.kind) && input.underMaintenance) {
    return { deliver: false, reason: 'maintenance' };
  }
  if (
    input.kind === 'monitor.recovered' &&
    input.endsEventIds.length > 0 &&
    input.endsEventIds.every((id) => input.suppressedForChannel.has(id))
  ) {
    return { deliver: false, reason: 'trouble_not_announced' };
  }
  return { deliver: true };
}
