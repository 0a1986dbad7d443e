// The notifier end to end with the service channel types on both backends: one monitor goes
// down in two regions and recovers; PagerDuty, Opsgenie, ntfy, Gotify and Pushover (local
// receivers in their place, secrets stored encrypted) each get exactly one "down" and one
// "recovered" request naming the monitor, its regions and the reason, the alerting services
// under one dedup key; a maintenance start reaches the push services and pages nobody.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { insertOutboxEvent } from '../../src/store/outbox-repository.js';
import { PUSHOVER_ACCEPTED } from '../support/channel-checks.js';
import { databaseBackends } from '../support/databases.js';
import { notifierFixture, type NotifierFixture } from './notifier-support.js';

const reason = (failing: string[], ok: string[], summary: string) => ({
  summary,
  quorum: 2,
  failingRegions: failing,
  okRegions: ok,
  silentRegions: [],
  slowRegions: [],
});

for (const backend of await databaseBackends()) {
  describe(
    `service channels through the notifier on ${backend.name}`,
    { skip: backend.skip },
    () => {
      let fixture: NotifierFixture;
      const url = (path: string) => `${fixture.receiver.url}${path}`;
      before(async () => {
        fixture = await notifierFixture(backend);
        fixture.receiver.behave('/po', PUSHOVER_ACCEPTED);
        const channels: Array<[string, Record<string, unknown>]> = [
          ['pagerduty', { routing_key: 'R0123456789abcdefABCDEF012345678', api_url: url('/pd') }],
          ['opsgenie', { api_key: 'eb243592-faa2-4ba2-a551-1afdf565c889', api_url: url('/og') }],
          ['ntfy', { server_url: url('/ntfy'), topic: 'ops', token: 'tk_ntfy' }],
          ['gotify', { server_url: url('/gotify'), token: 'gotify-token' }],
          [
            'pushover',
            {
              app_token: 'azGDORePK8gMaC0QOYAMyEEuzJnyUi',
              user_key: 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG',
              api_url: url('/po'),
            },
          ],
        ];
        for (const [type, config] of channels) {
          const channel = await fixture.services.channels.create({ name: type, type, config });
          await fixture.services.routes.add({ channel_id: channel.id });
        }
      });
      after(() => fixture?.close());

      it('sends one down and one recovered to each, and pages nobody for maintenance', async () => {
        const db = fixture.database.db;
        await insertOutboxEvent(db, {
          kind: 'monitor.down',
          payload: {
            event_id: 'evt-down',
            monitor_id: 'm-web',
            monitor_name: 'website',
            from: 'up',
            to: 'down',
            occurred_at: '2026-03-01T09:59:58.000Z',
            reason: reason(
              ['eu-west', 'us-east'],
              ['ap-south'],
              '2 of 3 regions failing (quorum 2)',
            ),
          },
        });
        await insertOutboxEvent(db, {
          kind: 'monitor.recovered',
          payload: {
            event_id: 'evt-up',
            monitor_id: 'm-web',
            monitor_name: 'website',
            from: 'down',
            to: 'up',
            occurred_at: '2026-03-01T10:04:00.000Z',
            reason: reason([], ['eu-west', 'us-east', 'ap-south'], '3 of 3 regions ok'),
          },
        });
        await insertOutboxEvent(db, {
          kind: 'maintenance.started',
          payload: {
            event_id: 'evt-maint',
            incident_id: 'mw-1',
            incident_name: 'Database upgrade',
            incident_kind: 'maintenance',
            status: 'in_progress',
            impact: 'none',
            update: { id: 'u1', status: 'in_progress', body: 'Starting.' },
          },
        });
        await fixture.startNotifier();
        const rows = await fixture.waitForDeliveries(
          'all 15 deliveries to be delivered',
          (all) => all.length === 15 && all.every((row) => row.status === 'delivered'),
        );
        assert.equal(rows.filter((row) => row.attempts !== 1).length, 0, 'each delivered at once');

        const bodies = (path: string) =>
          fixture.receiver.requests(path).map((request) => ({
            event: request.headers['vigil-event-id'],
            path: request.path,
            body: request.body,
          }));
        // Deliveries run concurrently: compare as sets keyed by event id.
        const byEvent = (path: string) =>
          Object.fromEntries(bodies(path).map((request) => [String(request.event), request]));

        const pd = byEvent('/pd');
        assert.deepEqual(
          Object.keys(pd).sort(),
          ['evt-down', 'evt-up'],
          'PagerDuty: no maintenance page',
        );
        const trigger = JSON.parse(pd['evt-down']!.body) as Record<string, unknown>;
        const resolve = JSON.parse(pd['evt-up']!.body) as Record<string, unknown>;
        assert.deepEqual([trigger.event_action, resolve.event_action], ['trigger', 'resolve']);
        assert.equal(trigger.dedup_key, 'vigil-monitor-m-web');
        assert.equal(resolve.dedup_key, trigger.dedup_key);
        assert.match(
          JSON.stringify(trigger.payload),
          /website is down: 2 of 3 regions failing.*eu-west.*us-east/,
        );

        const og = byEvent('/og');
        assert.deepEqual(
          Object.keys(og).sort(),
          ['evt-down', 'evt-up'],
          'Opsgenie: no maintenance alert',
        );
        assert.equal(og['evt-down']!.path, '/og/v2/alerts');
        assert.equal(
          og['evt-up']!.path,
          '/og/v2/alerts/vigil-monitor-m-web/close?identifierType=alias',
        );

        for (const path of ['/ntfy', '/gotify', '/po']) {
          const got = byEvent(path);
          assert.deepEqual(Object.keys(got).sort(), ['evt-down', 'evt-maint', 'evt-up'], path);
          const down = got['evt-down']!.body;
          const text =
            path === '/po' ? Object.fromEntries(new URLSearchParams(down)) : JSON.parse(down);
          const all = JSON.stringify(text);
          for (const expected of [
            'website is down',
            '2 of 3 regions failing',
            'Failing regions: eu-west, us-east',
          ]) {
            assert.ok(all.includes(expected), `${path} down names "${expected}": ${all}`);
          }
          assert.ok(
            got['evt-up']!.body.includes(
              path === '/po' ? 'website+has+recovered' : 'website has recovered',
            ),
          );
        }
        const skipped = rows.filter(
          (row) => row.event_id === 'evt-maint' && row.last_status_code === null,
        );
        assert.equal(skipped.length, 2, 'the two alerting channels record maintenance as not sent');
      });
    },
  );
}
