// The PagerDuty channel against a local receiver standing in for the Events API v2: the exact
// trigger for an outage and the resolve for its recovery under the same dedup key, incidents,
// what is not paged, and failures reported without the routing key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertVigilPosts,
  configChecks,
  sendContext,
  useReceiver,
} from '../../../test/support/channel-checks.js';
import {
  channelTest,
  incidentCreated,
  incidentResolved,
  maintenanceStarted,
  monitorDown,
  monitorRecovered,
} from '../../../test/support/notification-events.js';
import type { NotificationEvent } from '../../domain/notifications/index.js';
import { pagerDutyChannel, type PagerDutyConfig } from './pagerduty.js';

const KEY = 'R0123456789abcdefABCDEF012345678';

const { config, faults: errors } = configChecks<PagerDutyConfig>(pagerDutyChannel);

describe('pagerduty channel configuration', () => {
  it('takes a routing key, and the public Events API unless told otherwise', () => {
    assert.deepEqual(config({ routing_key: KEY }), {
      routing_key: KEY,
      api_url: 'https://events.pagerduty.com',
    });
    assert.deepEqual(config({ routing_key: ` ${KEY}\n`, api_url: 'https://pd.example/x/' }), {
      routing_key: KEY,
      api_url: 'https://pd.example/x',
    });
    assert.deepEqual(pagerDutyChannel.secretFields, ['routing_key']);
  });

  it('names the field at fault', () => {
    assert.deepEqual(errors({}), ['routing_key']);
    assert.deepEqual(errors({ routing_key: 'short' }), ['routing_key']);
    assert.deepEqual(errors({ routing_key: `${KEY.slice(1)}!` }), ['routing_key']);
    assert.deepEqual(errors({ routing_key: KEY, api_url: 'not a url' }), ['api_url']);
    assert.deepEqual(errors({ routing_key: KEY, api_url: 'https://u:p@pd.example' }), ['api_url']);
    assert.deepEqual(errors({ routing_key: KEY, severity: 'critical' }), ['severity']);
  });
});

describe('pagerduty channel sending', () => {
  const receiver = useReceiver();

  const send = async (path: string, event: NotificationEvent) => {
    const result = await pagerDutyChannel.send(
      event,
      config({ routing_key: KEY, api_url: `${receiver().url}${path}` }),
      sendContext(),
    );
    return { result, requests: receiver().requests(path) };
  };

  it('triggers an alert for an outage and resolves it with the same dedup key', async () => {
    receiver().behave('/pd', {
      status: 202,
      body: '{"status":"success","message":"Event processed"}',
    });
    const down = await send('/pd', monitorDown);
    assert.deepEqual(down.result, { ok: true, statusCode: 202, error: null });
    const recovered = await send('/pd', monitorRecovered);
    assert.deepEqual(recovered.result, { ok: true, statusCode: 202, error: null });

    const [trigger, resolve] = recovered.requests;
    assertVigilPosts(recovered.requests, {
      eventIds: ['evt-down-1', 'evt-up-2'],
      paths: '/pd/v2/enqueue',
      headers: { authorization: undefined },
    });
    assert.deepEqual(JSON.parse(trigger!.body), {
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: 'vigil-monitor-m1',
      client: 'Vigil',
      payload: {
        summary: 'website is down: 2 of 3 regions failing (quorum 2): eu-west, us-east',
        source: 'website',
        severity: 'critical',
        timestamp: '2026-03-01T09:59:58.000Z',
        class: 'monitor.down',
        group: 'monitors',
        custom_details: {
          event_id: 'evt-down-1',
          monitor_id: 'm1',
          status: 'down',
          previous_status: 'up',
          reason: '2 of 3 regions failing (quorum 2): eu-west, us-east',
          failing_regions: ['eu-west', 'us-east'],
          ok_regions: ['ap-south'],
          silent_regions: [],
          slow_regions: [],
        },
      },
    });
    assert.deepEqual(JSON.parse(resolve!.body), {
      routing_key: KEY,
      event_action: 'resolve',
      dedup_key: 'vigil-monitor-m1',
    });
  });

  it('pages an incident under its own key and resolves it; maintenance is not paged', async () => {
    await send('/inc', incidentCreated);
    await send('/inc', incidentResolved);
    const { result, requests } = await send('/inc', maintenanceStarted);
    assert.deepEqual(result, { ok: true, statusCode: null, error: null });
    assert.equal(requests.length, 2);
    assert.deepEqual(JSON.parse(requests[0]!.body), {
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: 'vigil-incident-inc-7',
      client: 'Vigil',
      payload: {
        summary: 'Incident opened: Database outage',
        source: 'Vigil status page',
        severity: 'critical',
        timestamp: '2026-03-01T10:01:00.000Z',
        class: 'incident.created',
        component: 'API',
        group: 'incidents',
        custom_details: {
          event_id: 'evt-incident.created',
          incident_id: 'inc-7',
          status: 'investigating',
          impact: 'major',
          details: [
            'Status: investigating',
            'We are looking into it.',
            'API: operational → major_outage',
          ],
        },
      },
    });
    assert.deepEqual(JSON.parse(requests[1]!.body), {
      routing_key: KEY,
      event_action: 'resolve',
      dedup_key: 'vigil-incident-inc-7',
    });
  });

  it('sends a test as an info trigger under a key of its own', async () => {
    const { requests } = await send('/test', channelTest);
    const body = JSON.parse(requests[0]!.body) as Record<string, unknown>;
    assert.equal(body.event_action, 'trigger');
    assert.equal(body.dedup_key, 'vigil-test-evt-test-9');
    assert.equal((body.payload as Record<string, unknown>).severity, 'info');
  });

  it('reports a refusal with PagerDuty’s reasons, never the routing key', async () => {
    receiver().behave('/bad', {
      status: 400,
      body: JSON.stringify({
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: [`routing_key ${KEY} is not known`],
      }),
    });
    const { result } = await send('/bad', monitorDown);
    assert.deepEqual(result, {
      ok: false,
      statusCode: 400,
      error: 'HTTP 400: Event object is invalid; routing_key [secret] is not known',
    });
    receiver().behave('/busy', { status: 429, headers: { 'retry-after': '60' } });
    const busy = await send('/busy', monitorDown);
    assert.equal(busy.result.ok, false);
    assert.equal(busy.result.statusCode, 429);
    assert.equal(busy.result.retryAfterMs, 60_000);
  });
});
