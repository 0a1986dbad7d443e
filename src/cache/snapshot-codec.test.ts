// Snapshots survive the trip through the shared cache: Dates stay Dates, Maps stay Maps, and
// bytes that are not a snapshot are a miss rather than a page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import type { PageSnapshot } from './page-snapshot.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec.js';

const at = new Date('2026-03-01T10:15:30.123Z');

function snapshot(): PageSnapshot {
  const page = {
    id: 'page-1',
    slug: 'main',
    name: 'Main',
    updated_at: at,
    created_at: at,
  } as unknown as PageSnapshot['page'];
  return {
    page,
    groups: [],
    components: [
      { id: 'c1', name: 'API', updated_at: at } as unknown as PageSnapshot['components'][0],
    ],
    status: { indicator: 'none', description: 'All Systems Operational' },
    unresolvedIncidents: [],
    activeMaintenances: [],
    upcomingMaintenances: [],
    recentIncidents: [],
    apiIncidents: [],
    recentMaintenances: [],
    uptime: new Map([
      [
        'c1',
        { ratio: 0.5, days: [{ date: '2026-03-01', uptimeRatio: 0.5, checks: 2, incidents: [] }] },
      ],
    ]),
    uptimeReadAt: at,
    version: 7,
    builtAt: at,
  };
}

describe('the snapshot codec', () => {
  it('round-trips dates and maps exactly', () => {
    const original = snapshot();
    const decoded = decodeSnapshot(encodeSnapshot(original))!;
    assert.deepEqual(decoded, original);
    assert.ok(decoded.builtAt instanceof Date && decoded.page.updated_at instanceof Date);
    assert.equal(decoded.page.updated_at.toISOString(), '2026-03-01T10:15:30.123Z');
    assert.ok(decoded.uptime instanceof Map);
    assert.equal(decoded.uptime.get('c1')?.ratio, 0.5);
  });

  it('treats bytes that are not a snapshot as absent', () => {
    assert.equal(decodeSnapshot(Buffer.from('not v8 at all')), undefined);
    assert.equal(decodeSnapshot(serialize({ page: { id: 'x' } })), undefined);
    const bytes = encodeSnapshot(snapshot());
    assert.equal(decodeSnapshot(bytes.subarray(0, bytes.length - 20)), undefined, 'truncated');
  });
});
