// The Opsgenie channel against a local receiver standing in for the Alert API: the exact create
// for an outage and the close for its recovery by the same alias, priorities, and failures
// reported without the API key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertVigilPosts,
  configChecks,
  sendContext,
  useReceiver,
} from '../../../test/support/channel-checks.js';
import {
  incidentCreated,
  maintenanceStarted,
  monitorDown,
  monitorRecovered,
  DOWN_TEXT,
} from '../../../test/support/notification-events.js';
import type { NotificationEvent } from '../../domain/notifications/index.js';
import { opsgenieChannel, type OpsgenieConfig } from './opsgenie.js';

const KEY = 'eb243592-faa2-4ba2-a551-1afdf565c889';

const { config, faults: errors } = configChecks<OpsgenieConfig>(opsgenieChannel);

describe('opsgenie channel configuration', () => {
  it('takes an API key, the US API unless told otherwise, and an optional priority', () => {
    assert.deepEqual(config({ api_key: KEY }), {
      api_key: KEY,
      api_url: 'https://api.opsgenie.com',
      priority: null,
    });
    assert.deepEqual(
      config({ api_key: KEY, api_url: 'https://api.eu.opsgenie.com', priority: 'P2' }),
      {
        api_key: KEY,
        api_url: 'https://api.eu.opsgenie.com',
        priority: 'P2',
      },
    );
    assert.deepEqual(opsgenieChannel.secretFields, ['api_key']);
  });

  it('names the field at fault', () => {
    assert.deepEqual(errors({}), ['api_key']);
    assert.deepEqual(errors({ api_key: 'GenieKey abc' }), ['api_key']);
    assert.deepEqual(errors({ api_key: KEY, priority: 'P6' }), ['priority']);
    assert.deepEqual(errors({ api_key: KEY, priority: 1 }), ['priority']);
    assert.deepEqual(errors({ api_key: KEY, api_url: 'ftp://opsgenie.example' }), ['api_url']);
  });
});

describe('opsgenie channel sending', () => {
  const receiver = useReceiver();

  const send = (path: string, event: NotificationEvent, extra: Record<string, unknown> = {}) =>
    opsgenieChannel.send(
      event,
      config({ api_key: KEY, api_url: `${receiver().url}${path}`, ...extra }),
      sendContext(),
    );

  it('creates an alert for an outage and closes it by the same alias', async () => {
    receiver().behave('/og', { status: 202, body: '{"result":"Request will be processed"}' });
    assert.deepEqual(await send('/og', monitorDown), { ok: true, statusCode: 202, error: null });
    assert.deepEqual(await send('/og', monitorRecovered), {
      ok: true,
      statusCode: 202,
      error: null,
    });
    const [create, close] = receiver().requests('/og');
    assertVigilPosts(receiver().requests('/og'), {
      eventIds: ['evt-down-1', 'evt-up-2'],
      paths: ['/og/v2/alerts', '/og/v2/alerts/vigil-monitor-m1/close?identifierType=alias'],
      headers: { authorization: `GenieKey ${KEY}` },
    });
    assert.deepEqual(JSON.parse(create!.body), {
      message: 'website is down',
      alias: 'vigil-monitor-m1',
      description: DOWN_TEXT,
      priority: 'P1',
      source: 'Vigil',
      tags: ['vigil', 'monitor.down'],
      details: {
        event_id: 'evt-down-1',
        monitor_id: 'm1',
        monitor: 'website',
        status: 'down',
        previous_status: 'up',
        reason: '2 of 3 regions failing (quorum 2): eu-west, us-east',
        failing_regions: 'eu-west, us-east',
      },
    });
    assert.deepEqual(JSON.parse(close!.body), {
      source: 'Vigil',
      note: [
        'website has recovered',
        'Reason: 3 of 3 regions ok',
        'OK regions: eu-west, us-east, ap-south',
        'Status: down → up',
      ].join('\n'),
    });
  });

  it('uses the configured priority, opens incidents under their own alias, skips maintenance', async () => {
    await send('/fixed', monitorDown, { priority: 'P4' });
    await send('/fixed', incidentCreated, { priority: 'P4' });
    const skipped = await send('/fixed', maintenanceStarted);
    assert.deepEqual(skipped, { ok: true, statusCode: null, error: null });
    const bodies = receiver()
      .requests('/fixed')
      .map((r) => JSON.parse(r.body) as Record<string, unknown>);
    assert.deepEqual(
      bodies.map((b) => [b.alias, b.priority, b.message]),
      [
        ['vigil-monitor-m1', 'P4', 'website is down'],
        ['vigil-incident-inc-7', 'P4', 'Incident opened: Database outage'],
      ],
    );
  });

  it('reports a refusal with Opsgenie’s message, never the API key', async () => {
    receiver().behave('/bad', {
      status: 401,
      body: JSON.stringify({ message: `Key ${KEY} is not valid`, took: 0.002, requestId: 'r1' }),
    });
    assert.deepEqual(await send('/bad', monitorDown), {
      ok: false,
      statusCode: 401,
      error: 'HTTP 401: Key [secret] is not valid',
    });
  });
});
