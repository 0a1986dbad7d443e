// Page snapshots to bytes and back for the shared cache: V8's structured serialization keeps
// Dates as Dates and Maps as Maps (JSON would turn both into strings and plain objects), and a
// value that does not decode into a snapshot is treated as absent, never as a page.
import { deserialize, serialize } from 'node:v8';
import type { PageSnapshot } from './page-snapshot.js';

export function encodeSnapshot(snapshot: PageSnapshot): Buffer {
  return serialize(snapshot);
}

export function decodeSnapshot(bytes: Buffer): PageSnapshot | undefined {
  let value: unknown;
  try {
    value = deserialize(bytes);
  } catch {
    // Written by another Node version, or truncated: a miss, and the page is built again.
    return undefined;
  }
  return isSnapshot(value) ? value : undefined;
}

function isSnapshot(value: unknown): value is PageSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<PageSnapshot>;
  return (
    typeof candidate.page?.id === 'string' &&
    candidate.page.updated_at instanceof Date &&
    candidate.builtAt instanceof Date &&
    candidate.uptimeReadAt instanceof Date &&
    candidate.uptime instanceof Map &&
    Array.isArray(candidate.components)
  );
}
