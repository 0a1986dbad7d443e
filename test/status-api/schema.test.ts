// The JSON Schema itself is strict: a valid Statuspage document passes, and each way of drifting
// from Statuspage's shape (missing, extra, wrong enum, [] for null, no milliseconds) fails.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertMatchesSchema } from './schema.js';

const T = '2026-01-05T10:00:00.000Z';
const page = {
  id: 'p1',
  name: 'Example',
  url: 'https://status.example.com',
  time_zone: 'Etc/UTC',
  updated_at: T,
};
const component = {
  id: 'c1',
  name: 'API',
  status: 'operational',
  created_at: T,
  updated_at: T,
  position: 2,
  description: null,
  showcase: true,
  start_date: null,
  group_id: 'g1',
  page_id: 'p1',
  group: false,
  only_show_if_degraded: false,
};
const group = {
  ...component,
  id: 'g1',
  name: 'Core',
  position: 1,
  group_id: null,
  group: true,
  components: ['c1'],
};
const update = {
  id: 'u1',
  status: 'investigating',
  body: 'Looking.',
  incident_id: 'i1',
  created_at: T,
  updated_at: T,
  display_at: T,
  affected_components: [
    { code: 'c1', name: 'API', old_status: 'operational', new_status: 'major_outage' },
  ],
  deliver_notifications: true,
  custom_tweet: null,
  tweet_id: null,
};
const incident = {
  id: 'i1',
  name: 'Outage',
  status: 'investigating',
  created_at: T,
  updated_at: T,
  monitoring_at: null,
  resolved_at: null,
  impact: 'major',
  shortlink: 'https://status.example.com/incidents/i1',
  started_at: T,
  page_id: 'p1',
  incident_updates: [update],
  components: [component],
};
const maintenance = {
  ...incident,
  status: 'scheduled',
  impact: 'maintenance',
  incident_updates: [{ ...update, status: 'scheduled', affected_components: null }],
  scheduled_for: T,
  scheduled_until: '2026-01-05T12:00:00.000+01:00',
};
const summary = {
  page,
  components: [group, component],
  incidents: [incident],
  scheduled_maintenances: [maintenance],
  status: { indicator: 'major', description: 'Partial System Outage' },
};

const rejects = (change: (document: typeof summary) => unknown, why: string) =>
  assert.throws(
    () => assertMatchesSchema('summary', change(structuredClone(summary)), why),
    /does not match/,
    `the schema accepted a summary where ${why}`,
  );

describe('Statuspage v2 JSON Schema', () => {
  it('accepts a complete summary', () => {
    assertMatchesSchema('summary', summary, 'sample summary');
    assertMatchesSchema(
      'incidentsDocument',
      { page, incidents: [{ ...incident, status: 'resolved' }] },
      'incidents',
    );
    assertMatchesSchema(
      'maintenancesDocument',
      { page, scheduled_maintenances: [{ ...maintenance, status: 'completed' }] },
      'maintenances',
    );
  });

  it('rejects every drift from the Statuspage shape', () => {
    rejects((d) => ({ ...d, page: { ...d.page, url: undefined } }), 'page.url is missing');
    rejects((d) => ({ ...d, page: { ...d.page, extra: 1 } }), 'page has an unknown field');
    rejects(
      (d) => ({ ...d, status: { ...d.status, indicator: 'ok' } }),
      'the indicator is not an enum value',
    );
    rejects(
      (d) => ({ ...d, components: [{ ...group, components: undefined }] }),
      'a group lists no components',
    );
    rejects((d) => ({ ...d, components: [{ ...group, group_id: 'g0' }] }), 'a group is in a group');
    rejects(
      (d) => ({ ...d, components: [{ ...component, components: [] }] }),
      'a component lists components',
    );
    rejects(
      (d) => ({ ...d, components: [{ ...component, description: '' }] }),
      'an empty description is not null',
    );
    rejects(
      (d) => ({ ...d, components: [{ ...component, status: 'down' }] }),
      'a component status is unknown',
    );
    rejects(
      (d) => ({ ...d, components: [{ ...component, created_at: '2026-01-05T10:00:00Z' }] }),
      'a timestamp has no milliseconds',
    );
    rejects(
      (d) => ({ ...d, components: [{ ...component, start_date: '05/01/2026' }] }),
      'start_date is not a date',
    );
    rejects(
      (d) => ({ ...d, incidents: [{ ...incident, status: 'resolved' }] }),
      'a resolved incident is listed as unresolved',
    );
    rejects(
      (d) => ({ ...d, incidents: [{ ...incident, impact: 'maintenance' }] }),
      'an incident has maintenance impact',
    );
    rejects(
      (d) => ({ ...d, incidents: [{ ...incident, shortlink: undefined }] }),
      'an incident has no shortlink',
    );
    rejects(
      (d) => ({
        ...d,
        incidents: [{ ...incident, incident_updates: [{ ...update, affected_components: [] }] }],
      }),
      'affected_components is [] instead of null',
    );
    rejects(
      (d) => ({
        ...d,
        incidents: [
          { ...incident, incident_updates: [{ ...update, affected_components: undefined }] },
        ],
      }),
      'affected_components is absent',
    );
    rejects(
      (d) => ({
        ...d,
        incidents: [{ ...incident, incident_updates: [{ ...update, status: 'scheduled' }] }],
      }),
      'an incident update has a maintenance status',
    );
    rejects(
      (d) => ({ ...d, incidents: [{ ...incident, components: [group] }] }),
      'an incident concerns a group',
    );
    rejects(
      (d) => ({ ...d, scheduled_maintenances: [{ ...maintenance, scheduled_until: undefined }] }),
      'a maintenance has no end',
    );
    rejects(
      (d) => ({ ...d, scheduled_maintenances: [{ ...maintenance, status: 'completed' }] }),
      'a completed maintenance is in the summary',
    );
    rejects(
      (d) => ({ ...d, scheduled_maintenances: [{ ...maintenance, incident_updates: [update] }] }),
      'a maintenance update has an incident status',
    );
  });
});
