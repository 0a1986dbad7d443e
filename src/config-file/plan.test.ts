// Planning: what a file changes against a given database state, without a database.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { ComponentGroupRow, ComponentRow, PageRow } from '../store/schema.js';
import { formatPlan, orderedPositions, planChanges, type CurrentState } from './plan.js';
import { readConfig } from './read-config.js';

const T = new Date('2024-01-01T00:00:00Z');

function pageRow(slug: string, extra: Partial<PageRow> = {}): PageRow {
  return {
    id: `p-${slug}`,
    slug,
    name: slug.toUpperCase(),
    description: '',
    url: null,
    time_zone: 'Etc/UTC',
    is_default: false,
    is_private: false,
    created_at: T,
    updated_at: T,
    ...extra,
  };
}

function groupRow(page: string, name: string, position: number): ComponentGroupRow {
  return {
    id: `g-${name}`,
    page_id: `p-${page}`,
    name,
    description: '',
    position,
    created_at: T,
    updated_at: T,
  };
}

function componentRow(
  page: string,
  name: string,
  position: number,
  group: string | null,
  extra: Partial<ComponentRow> = {},
): ComponentRow {
  return {
    id: `c-${name}`,
    page_id: `p-${page}`,
    group_id: group ? `g-${group}` : null,
    name,
    description: '',
    status: 'operational',
    position,
    showcase: true,
    only_show_if_degraded: false,
    auto_incident: false,
    start_date: null,
    created_at: T,
    updated_at: T,
    ...extra,
  };
}

const NO_MONITORS = {
  monitors: [],
  autoIncident: new Set<string>(),
  channels: [],
  notify: new Map<string, string[]>(),
};

/** Page `a` (default) with group G holding X and Y, and loose component Z. */
function state(): CurrentState {
  return {
    ...NO_MONITORS,
    pages: [
      {
        row: pageRow('a', { is_default: true }),
        groups: [groupRow('a', 'G', 0)],
        components: [
          componentRow('a', 'X', 0, 'G'),
          componentRow('a', 'Z', 0, null),
          componentRow('a', 'Y', 1, 'G'),
        ],
      },
    ],
  };
}

const SAME = `pages:
  - slug: a
    name: A
    groups:
      - name: G
        components:
          - name: X
          - name: Y
    components:
      - name: Z
`;

function plan(
  text: string,
  options = { prune: false, prunePages: false },
  current = state(),
): string {
  return formatPlan(planChanges(readConfig(text, 'x.yaml'), current, options));
}

describe('planChanges', () => {
  it('plans nothing when the database already matches the file', () => {
    assert.equal(plan(SAME), '');
  });

  it('creates everything on an empty database, positions in file order', () => {
    const steps = planChanges(
      readConfig(SAME, 'x.yaml'),
      { pages: [], ...NO_MONITORS },
      { prune: false, prunePages: false },
    );
    assert.equal(
      formatPlan(steps),
      ['+ page a', '+ group a/G', '+ component a/G/X', '+ component a/G/Y', '+ component a/Z'].join(
        '\n',
      ),
    );
    const positions = steps.flatMap((s) =>
      s.op === 'create' && s.kind === 'component' ? [s.input.position] : [],
    );
    assert.deepEqual(positions, [0, 1, 0], 'each container is numbered from 0');
  });

  it('lists the fields that differ, by their names in the file', () => {
    const text = SAME.replace(
      'name: A',
      'name: A\n    private: true\n    time_zone: Europe/Paris',
    ).replace('- name: Y', '- name: Y\n            description: Why\n            showcase: false');
    assert.equal(
      plan(text),
      ['~ page a: time_zone, private', '~ component a/G/Y: description, showcase'].join('\n'),
    );
  });

  it('moves a component to another group without touching the others', () => {
    const text = `pages:
  - slug: a
    name: A
    groups:
      - name: G
        components:
          - name: Y
      - name: H
        components:
          - name: X
    components:
      - name: Z
`;
    const steps = planChanges(readConfig(text, 'x.yaml'), state(), {
      prune: false,
      prunePages: false,
    });
    assert.equal(formatPlan(steps), ['+ group a/H', '~ component a/H/X: group'].join('\n'));
  });

  it('makes a page the default only when the file says so, and never unsets it', () => {
    const two: CurrentState = {
      ...state(),
      pages: [...state().pages, { row: pageRow('b'), groups: [], components: [] }],
    };
    const withB = `${SAME}  - slug: b\n    name: B\n`;
    assert.equal(plan(withB, undefined, two), '');
    assert.equal(
      plan(withB.replace('name: B', 'name: B\n    default: true'), undefined, two),
      '~ page b: default',
    );
    assert.equal(plan(SAME.replace('name: A', 'name: A\n    default: false')), '');
  });

  it('deletes only with --prune, and pages only with --prune-pages', () => {
    const two: CurrentState = {
      ...state(),
      pages: [...state().pages, { row: pageRow('b'), groups: [], components: [] }],
    };
    const fewer = 'pages:\n  - slug: a\n    name: A\n    components:\n      - name: X\n';
    assert.equal(plan(fewer, undefined, two), '~ component a/X: group');
    assert.equal(
      plan(fewer, { prune: true, prunePages: false }, two),
      ['~ component a/X: group', '- component a/Z', '- component a/G/Y', '- group a/G'].join('\n'),
    );
    assert.match(plan(fewer, { prune: true, prunePages: true }, two), /\n- page b$/);
  });
});

describe('orderedPositions', () => {
  const current = new Map([
    ['a', { rank: 0, position: 3 }],
    ['b', { rank: 1, position: 3 }],
    ['c', { rank: 2, position: 10 }],
  ]);

  it('keeps positions, gaps and ties included, when the items already show in the wanted order', () => {
    assert.deepEqual(orderedPositions(['a', 'b', 'c'], current), [3, 3, 10]);
    assert.deepEqual(orderedPositions(['a', 'c'], current), [3, 10]);
  });

  it('renumbers in file order when the order differs or an item is new', () => {
    assert.deepEqual(orderedPositions(['b', 'a', 'c'], current), [0, 1, 2]);
    assert.deepEqual(orderedPositions(['a', 'new', 'c'], current), [0, 1, 2]);
  });
});
