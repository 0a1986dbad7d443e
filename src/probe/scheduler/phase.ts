// Deterministic per-monitor phase: where in its interval a monitor runs, and its next slot.

// FNV-1a followed by a murmur3 finaliser: cheap, stable across restarts and well spread.
export function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Offset of the monitor's runs within its interval, on the epoch time axis. */
export function phaseOffset(id: string, intervalMs: number): number {
  return hashId(id) % intervalMs;
}

/** First time >= t that lies on the monitor's grid (offset + k * interval). */
export function slotAtOrAfter(t: number, offset: number, intervalMs: number): number {
  const remainder = (((offset - t) % intervalMs) + intervalMs) % intervalMs;
  return t + remainder;
}

/**
 * When a monitor that started at `startedAt` may run next. Two rules:
 * - never sooner than one interval after the previous start (no double rate, even after lateness);
 * - stay on the phase grid: the due time is the next grid slot, pushed back only by lateness,
 *   and once that push exceeds half an interval the slot is skipped so the phase is regained.
 */
export function nextDue(startedAt: number, offset: number, intervalMs: number): number {
  const earliest = startedAt + intervalMs;
  const slot = slotAtOrAfter(startedAt + intervalMs / 2, offset, intervalMs);
  return Math.max(slot, earliest);
}
