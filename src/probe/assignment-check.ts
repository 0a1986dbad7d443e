// Checks each monitor of an assignment before the scheduler gets it: a monitor a newer or broken
// web describes in a way this probe cannot run is skipped (and named once), not a crash.
import type { AssignedMonitor, AssignmentResponse } from '../domain/monitoring/probe-protocol.js';

/** Why `monitor` cannot be scheduled, or undefined when it can. */
export function assignedMonitorProblem(monitor: unknown): string | undefined {
  if (typeof monitor !== 'object' || monitor === null) return 'is not an object';
  const m = monitor as Partial<Record<keyof AssignedMonitor, unknown>>;
  if (typeof m.id !== 'string' || m.id === '') return 'has no id';
  if (typeof m.type !== 'string') return 'has no type';
  if (typeof m.target !== 'object' || m.target === null) return 'has no target';
  if (!isPositive(m.interval_ms)) return `has a bad interval_ms ${JSON.stringify(m.interval_ms)}`;
  if (!isPositive(m.timeout_ms)) return `has a bad timeout_ms ${JSON.stringify(m.timeout_ms)}`;
  if (!Array.isArray(m.conditions) || !m.conditions.every((c) => typeof c === 'string')) {
    return 'has conditions that are not a list of text';
  }
  if (typeof m.updated_at !== 'string') return 'has no updated_at';
  return undefined;
}

/** Throws when the answer as a whole is not an assignment (a proxy's page, another service). */
export function requireAssignment(response: unknown): AssignmentResponse {
  const r = response as Partial<Record<keyof AssignmentResponse, unknown>> | null;
  if (typeof r !== 'object' || r === null || !Array.isArray(r.monitors)) {
    throw new TypeError('web answered the assignment request without a list of monitors');
  }
  return response as AssignmentResponse;
}

function isPositive(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
