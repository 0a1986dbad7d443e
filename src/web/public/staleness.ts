// Whether what a public response shows may be out of date (the database has been unreachable for
// longer than VIGIL_STALE_AFTER_SECONDS), and how a response says so: HTML pages show a notice,
// and every response carries `X-Vigil-Stale: 1`, the time its data was read, and a `Warning`.
import type { FastifyReply } from 'fastify';
import type { PageSnapshot } from '../../cache/page-snapshots.js';
import type { WebDependencies } from '../app.js';

export interface Staleness {
  /** When the snapshot's data was read from the database. */
  lastUpdated: Date;
}

export function stalenessOf(deps: WebDependencies, snapshot: PageSnapshot): Staleness | undefined {
  return deps.staleSince?.() ? { lastUpdated: snapshot.builtAt } : undefined;
}

export function markStale(reply: FastifyReply, staleness: Staleness | undefined): void {
  if (!staleness) return;
  void reply
    .header('x-vigil-stale', '1')
    .header('x-vigil-last-updated', staleness.lastUpdated.toISOString())
    // RFC 7234's code for "served although stale"; some caches and clients still read it.
    .header('warning', '110 - "Response is Stale"');
}
