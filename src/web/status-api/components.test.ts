// Order, positions and group status of the Statuspage component list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ComponentGroupRow, ComponentRow } from '../../store/schema.js';
import { statuspageComponents } from './components.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

function group(id: string, position: number, createdAt = T0): ComponentGroupRow {
  return {
    id,
    page_id: 'p',
    name: id,
    description: '',
    position,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

function component(
  id: string,
  position: number,
  groupId: string | null,
  status = 'operational',
  createdAt = T0,
): ComponentRow {
  return {
    id,
    page_id: 'p',
    group_id: groupId,
    name: id,
    description: '',
    status,
    position,
    showcase: true,
    only_show_if_degraded: false,
    auto_incident: false,
    start_date: null,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

describe('Statuspage component order', () => {
  it('interleaves groups and ungrouped components by position, members right after their group', () => {
    const list = statuspageComponents(
      [group('g-late', 4), group('g-first', 0)],
      [
        component('solo-2', 2, null),
        component('b', 7, 'g-first'),
        component('a', 1, 'g-first'),
        component('z', 0, 'g-late'),
        component('solo-9', 9, null),
      ],
    );
    assert.deepEqual(
      list.map((entry) => [entry.id, entry.position]),
      [
        ['g-first', 1],
        ['a', 2],
        ['b', 3],
        ['solo-2', 4],
        ['g-late', 5],
        ['z', 6],
        ['solo-9', 7],
      ],
    );
  });

  it('puts a group before a component at the same position, then older before newer', () => {
    const list = statuspageComponents(
      [group('g', 3, later(10))],
      [component('new', 3, null, 'operational', later(5)), component('old', 3, null)],
    );
    assert.deepEqual(
      list.map((entry) => entry.id),
      ['g', 'old', 'new'],
    );
  });

  it('gives a group the worst status of its members and lists them', () => {
    const [grouped] = statuspageComponents(
      [group('g', 0)],
      [
        component('m1', 0, 'g', 'under_maintenance'),
        component('m2', 1, 'g', 'degraded_performance'),
      ],
    );
    assert.equal(grouped?.status, 'degraded_performance');
    assert.deepEqual(grouped?.components, ['m1', 'm2']);
    assert.equal(grouped?.group, true);
    assert.equal(grouped?.description, null);
  });

  it('treats a component whose group is gone as ungrouped', () => {
    const [only] = statuspageComponents([], [component('orphan', 0, 'deleted-group')]);
    assert.equal(only?.id, 'orphan');
    assert.equal(only?.group, false);
    assert.equal(only?.group_id, null);
  });
});
