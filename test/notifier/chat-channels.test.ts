// The chat channel types end to end on both backends: a monitor the real evaluator sees go down
// and recover reaches a Slack, Discord, Teams, Mattermost and Telegram channel (all at a local
// receiver) with exactly one "down" and one "recovered" message each, naming the monitor, its
// regions and the reason, in each service's format.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateOne } from '../../src/evaluator/evaluate-monitor.js';
import { T0, monitoredComponent, report } from '../../src/evaluator/evaluator-test-support.js';
import { databaseBackends } from '../support/databases.js';
import { notifierFixture, type NotifierFixture } from './notifier-support.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

/** Where each type's message shows its title and its detail lines. */
type Shown = { title: string; detail: string };
/* eslint-disable @typescript-eslint/no-explicit-any -- each service's JSON, read by its documented shape */
const SHOWN: Record<string, (body: any) => Shown> = {
  slack: (b) => ({ title: b.blocks[0].text.text, detail: b.attachments[0].blocks[0].text.text }),
  discord: (b) => ({ title: b.embeds[0].title, detail: b.embeds[0].description }),
  teams: (b) => {
    const [title, ...lines] = b.attachments[0].content.body as { text: string }[];
    return { title: title!.text, detail: lines.map((line) => line.text).join('\n') };
  },
  mattermost: (b) => ({ title: b.attachments[0].title, detail: b.attachments[0].text }),
  telegram: (b) => {
    const [title, ...lines] = String(b.text).split('\n');
    return { title: title!.replace(/<\/?b>/g, ''), detail: lines.join('\n') };
  },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

for (const backend of await databaseBackends()) {
  describe(`chat channels end to end on ${backend.name}`, { skip: backend.skip }, () => {
    let fixture: NotifierFixture;
    before(async () => {
      fixture = await notifierFixture(backend);
    });
    afterEach(() => fixture?.stopNotifiers());
    after(() => fixture?.close());

    it('sends each chat channel one down and one recovered with the monitor, regions and reason', async () => {
      const { db } = fixture.database;
      const { monitorId } = await monitoredComponent(db, {
        settings: { regions: ['a'], failureThreshold: 1, successThreshold: 1, quorum: 1 },
      });
      const url = fixture.receiver.url;
      const configs: Record<string, Record<string, unknown>> = {
        slack: { webhook_url: `${url}/slack/T0/B0/x` },
        discord: { webhook_url: `${url}/discord/1/x`, username: 'Vigil' },
        teams: { webhook_url: `${url}/teams/workflows/x?sig=s` },
        mattermost: { webhook_url: `${url}/mattermost/hooks/x`, channel: 'ops' },
        telegram: { bot_token: TOKEN, chat_id: '-1001234567890', api_url: `${url}/telegram` },
      };
      for (const [type, config] of Object.entries(configs)) {
        await fixture.services.channels.create({ name: `ops-${type}`, type, config });
      }
      await fixture.services.routes.setMonitorChannels(
        monitorId,
        Object.keys(configs).map((type) => `ops-${type}`),
      );
      const monitor = await db
        .selectFrom('monitors')
        .select('name')
        .where('id', '=', monitorId)
        .executeTakeFirstOrThrow();

      const step = async (offsetMs: number, passed: boolean) => {
        await report(db, monitorId, offsetMs, { a: passed });
        await evaluateOne(db, monitorId, new Date(T0.getTime() + offsetMs));
      };
      await step(0, true); // pending → up: not sent by default
      await step(10_000, false); // up → down
      await step(20_000, false);
      await step(30_000, true); // down → up: recovered
      await fixture.startNotifier();
      await fixture.waitForDeliveries(
        'every chat channel to get both events',
        (rows) => rows.filter((r) => r.status === 'delivered').length === 10,
      );

      for (const type of Object.keys(configs)) {
        const requests = fixture.receiver.requests(`/${type}/`);
        // Deliveries keep no order (docs/notifications.md, "No order"): compare them sorted.
        const shown = requests
          .map((r) => SHOWN[type]!(JSON.parse(r.body)))
          .sort((x, y) => x.title.localeCompare(y.title));
        assert.deepEqual(
          shown,
          [
            {
              title: `${monitor.name} has recovered`,
              detail: 'Reason: 1 of 1 regions passing\nOK regions: a\nStatus: down → up',
            },
            {
              title: `${monitor.name} is down`,
              detail:
                'Reason: 1 of 1 regions failing (quorum 1): a\nFailing regions: a\nStatus: up → down',
            },
          ],
          type,
        );
        assert.equal(new Set(requests.map((r) => r.headers['vigil-event-id'])).size, 2, type);
      }
    });
  });
}
