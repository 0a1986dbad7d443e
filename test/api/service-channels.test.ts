// The service channel types (PagerDuty, Opsgenie, ntfy, Gotify, Pushover) through the management
// API on both backends: their secrets are stored encrypted and never returned, a bad setting is
// refused naming `config.<field>`, and "send test" reaches the service (a local receiver) with
// the secrets decrypted into the documented request.
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PUSHOVER_ACCEPTED } from '../support/channel-checks.js';
import { databaseBackends } from '../support/databases.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { create, errorOf, serveForSuite } from './client.js';

const ROUTING_KEY = 'R0123456789abcdefABCDEF012345678';
const APP_TOKEN = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';
const USER_KEY = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';

for (const backend of await databaseBackends()) {
  describe(`service channels through the API on ${backend.name}`, { skip: backend.skip }, () => {
    const { call } = serveForSuite(backend, {
      env: { VIGIL_SECRET_KEY: randomBytes(32).toString('base64') },
    });
    let receiver: WebhookReceiver;
    before(async () => {
      receiver = await startWebhookReceiver();
    });
    after(() => receiver?.close());

    it('keeps PagerDuty and Pushover secrets write-only and sends tests with them', async () => {
      receiver.behave('/pd', { status: 202 });
      receiver.behave('/po', PUSHOVER_ACCEPTED);
      const { body: pagerduty } = await create(call, '/channels', {
        name: 'on-call',
        type: 'pagerduty',
        config: { routing_key: ROUTING_KEY, api_url: `${receiver.url}/pd` },
      });
      assert.deepEqual(pagerduty.config, { api_url: `${receiver.url}/pd` });
      assert.deepEqual(pagerduty.secrets, { routing_key: true });
      const { body: pushover } = await create(call, '/channels', {
        name: 'phone',
        type: 'pushover',
        config: { app_token: APP_TOKEN, user_key: USER_KEY, api_url: `${receiver.url}/po` },
      });
      assert.deepEqual(pushover.secrets, { app_token: true, user_key: true });
      const listed = JSON.stringify((await call('GET', '/channels')).body);
      for (const secret of [ROUTING_KEY, APP_TOKEN, USER_KEY]) assert.ok(!listed.includes(secret));

      const paged = await call('POST', `/channels/${pagerduty.id}/test`);
      assert.deepEqual(paged.body, { ok: true, status_code: 202, error: null });
      const [trigger] = receiver.requests('/pd');
      assert.equal(trigger!.path, '/pd/v2/enqueue');
      const body = JSON.parse(trigger!.body) as Record<string, unknown>;
      assert.equal(body.routing_key, ROUTING_KEY);
      assert.equal(body.event_action, 'trigger');
      assert.match(String(body.dedup_key), /^vigil-test-/);

      const pushed = await call('POST', `/channels/${pushover.id}/test`);
      assert.deepEqual(pushed.body, { ok: true, status_code: 200, error: null });
      const form = new URLSearchParams(receiver.requests('/po')[0]!.body);
      assert.equal(form.get('token'), APP_TOKEN);
      assert.equal(form.get('user'), USER_KEY);
      assert.equal(form.get('title'), 'Vigil test notification');
    });

    it('refuses a bad setting of a service channel, naming it', async () => {
      const bad = async (type: string, config: Record<string, unknown>, field: string) => {
        const answer = await call('POST', '/channels', {
          json: { name: `bad-${type}`, type, config },
        });
        assert.equal(answer.status, 400, JSON.stringify(answer.body));
        assert.equal(errorOf(answer).field, field);
      };
      await bad('pagerduty', {}, 'config.routing_key');
      await bad('opsgenie', { api_key: 'k-1', priority: 'P9' }, 'config.priority');
      await bad('ntfy', { topic: 'no/slash' }, 'config.topic');
      await bad('gotify', { token: 'abc' }, 'config.server_url');
      await bad(
        'pushover',
        { app_token: APP_TOKEN, user_key: USER_KEY, priority: 2 },
        'config.priority',
      );
    });
  });
}
