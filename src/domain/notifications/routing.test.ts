// Routing: which channels hear an event, by monitor, by component, for everything, by kind
// (with the default kinds when a route names none), each channel once, disabled ones never.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { channelsForEvent, routeMatches, scopeOf, type NotificationRoute } from './routing.js';
import { eventFromOutbox } from './events.js';

const route = (overrides: Partial<NotificationRoute>): NotificationRoute => ({
  channelId: 'ops',
  monitorId: null,
  componentId: null,
  eventKinds: [],
  ...overrides,
});
const monitorDown = { kind: 'monitor.down', monitorId: 'm1', componentIds: ['api'] };

describe('routeMatches', () => {
  it('matches a route for everything with any default kind', () => {
    assert.equal(routeMatches(route({}), monitorDown), true);
    assert.equal(routeMatches(route({}), { ...monitorDown, kind: 'incident.created' }), true);
  });

  it('leaves bookkeeping kinds out of the defaults, but a route may name them', () => {
    const firstUp = { ...monitorDown, kind: 'monitor.up' };
    assert.equal(routeMatches(route({}), firstUp), false);
    assert.equal(routeMatches(route({ eventKinds: ['monitor.up'] }), firstUp), true);
  });

  it('matches only the named kinds when a route names some', () => {
    const onlyDown = route({ eventKinds: ['monitor.down'] });
    assert.equal(routeMatches(onlyDown, monitorDown), true);
    assert.equal(routeMatches(onlyDown, { ...monitorDown, kind: 'monitor.recovered' }), false);
  });

  it('matches a monitor route only for that monitor', () => {
    assert.equal(routeMatches(route({ monitorId: 'm1' }), monitorDown), true);
    assert.equal(routeMatches(route({ monitorId: 'm2' }), monitorDown), false);
    assert.equal(
      routeMatches(route({ monitorId: 'm1' }), {
        kind: 'incident.created',
        monitorId: null,
        componentIds: [],
      }),
      false,
    );
  });

  it('matches a component route for its monitors and its incidents', () => {
    const api = route({ componentId: 'api' });
    assert.equal(routeMatches(api, monitorDown), true);
    assert.equal(routeMatches(api, { ...monitorDown, componentIds: ['db'] }), false);
    assert.equal(
      routeMatches(api, { kind: 'incident.updated', monitorId: null, componentIds: ['db', 'api'] }),
      true,
    );
  });
});

describe('channelsForEvent', () => {
  it('lists each channel once, in the order of its first matching route, enabled ones only', () => {
    const routes = [
      route({ channelId: 'b', componentId: 'api' }),
      route({ channelId: 'a', monitorId: 'm1' }),
      route({ channelId: 'b', monitorId: 'm1' }),
      route({ channelId: 'off' }),
      route({ channelId: 'c', monitorId: 'm2' }),
    ];
    assert.deepEqual(channelsForEvent(routes, monitorDown, new Set(['a', 'b', 'c'])), ['b', 'a']);
  });

  it('sends nowhere without routes', () => {
    assert.deepEqual(channelsForEvent([], monitorDown, new Set(['a'])), []);
  });
});

describe('scopeOf', () => {
  it('takes a monitor event’s components from the monitor and an incident’s from the event', () => {
    const monitor = eventFromOutbox({
      id: 1,
      kind: 'monitor.down',
      payload: { event_id: 'e1', monitor_id: 'm1', to: 'down', from: 'up' },
      createdAt: new Date(0),
    })!;
    assert.deepEqual(scopeOf(monitor, new Map([['m1', ['api']]])), monitorDown);
    const incident = eventFromOutbox({
      id: 2,
      kind: 'incident.created',
      payload: { incident_id: 'i1', status: 'investigating', component_ids: ['db'], update: {} },
      createdAt: new Date(0),
    })!;
    assert.deepEqual(scopeOf(incident, new Map()), {
      kind: 'incident.created',
      monitorId: null,
      componentIds: ['db'],
    });
  });
});
