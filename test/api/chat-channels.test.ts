// Chat channel types (Slack, Discord, Teams, Mattermost, Telegram) through the management API, on
// both backends: their credentials (webhook URL, bot token) are write-only and survive encryption
// to reach the service on "send test"; bad settings are refused naming the field.
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { useReceiver } from '../support/channel-checks.js';
import { create, errorOf, serveForSuite } from './client.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

for (const backend of await databaseBackends()) {
  describe(`chat channels through the API on ${backend.name}`, { skip: backend.skip }, () => {
    const server = serveForSuite(backend, {
      env: { VIGIL_SECRET_KEY: randomBytes(32).toString('base64') },
    });
    const { call } = server;
    const receiver = useReceiver();

    it('keeps a Telegram bot token write-only and sends the test message with it', async () => {
      const { body: channel } = await create(call, '/channels', {
        name: 'ops-telegram',
        type: 'telegram',
        config: { bot_token: TOKEN, chat_id: '@vigil_ops', api_url: `${receiver().url}/tg` },
      });
      assert.deepEqual(channel.config, { chat_id: '@vigil_ops', api_url: `${receiver().url}/tg` });
      assert.deepEqual(channel.secrets, { bot_token: true });
      const listed = await call('GET', '/channels');
      for (const answer of [channel, listed.body]) {
        assert.ok(!JSON.stringify(answer).includes(TOKEN.split(':')[1]!));
      }
      const sent = await call('POST', `/channels/${channel.id}/test`);
      assert.deepEqual(sent.body, { ok: true, status_code: 200, error: null });
      const [request] = receiver().requests('/tg');
      assert.equal(request?.path, `/tg/bot${TOKEN}/sendMessage`);
      assert.deepEqual(JSON.parse(request?.body ?? ''), {
        chat_id: '@vigil_ops',
        text: '<b>Vigil test notification</b>\nTest notification from Vigil: this channel is set up correctly.',
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
    });

    it('keeps each webhook URL write-only and posts the test message to it', async () => {
      for (const type of ['slack', 'discord', 'teams', 'mattermost']) {
        const { body: channel } = await create(call, '/channels', {
          name: `ops-${type}`,
          type,
          config: { webhook_url: `${receiver().url}/${type}/secret-part` },
        });
        assert.deepEqual(channel.secrets, { webhook_url: true }, type);
        assert.ok(!JSON.stringify(channel).includes('secret-part'), type);
        const sent = await call('POST', `/channels/${channel.id}/test`);
        assert.deepEqual(sent.body, { ok: true, status_code: 200, error: null }, type);
        assert.equal(receiver().requests(`/${type}/secret-part`).length, 1, type);
      }
    });

    it('names the field at fault', async () => {
      const bad = async (type: string, config: unknown, field: string) => {
        const response = await call('POST', '/channels', { json: { name: 'x', type, config } });
        assert.equal(response.status, 400, JSON.stringify(response.body));
        assert.equal(errorOf(response).field, field);
      };
      await bad('slack', {}, 'config.webhook_url');
      await bad('discord', { webhook_url: 'discord.com/api/webhooks/1' }, 'config.webhook_url');
      await bad('teams', { webhook_url: 'https://a/', username: 'x' }, 'config.username');
      await bad('mattermost', { webhook_url: 'https://a/', channel: '' }, 'config.channel');
      await bad('telegram', { chat_id: '@vigil_ops' }, 'config.bot_token');
      await bad('telegram', { bot_token: 'nope', chat_id: '@vigil_ops' }, 'config.bot_token');
      await bad('telegram', { bot_token: TOKEN, chat_id: 'ops' }, 'config.chat_id');
    });
  });
}
