// The Discord channel against a local receiver: configuration errors name the field, and a send is
// exactly one JSON POST in Discord's execute-webhook format, within its embed limits.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  deliveredBody,
  fieldErrors,
  itReportsErrorAnswers,
  sendContext,
  useReceiver,
  validConfig,
} from '../../../test/support/channel-checks.js';
import { chatIncidentCreated, chatMonitorDown } from '../../../test/support/notification-events.js';
import type { NotificationEvent } from '../../domain/notifications/index.js';
import { discordChannel } from './discord.js';

describe('discord channel configuration', () => {
  it('takes the webhook URL (secret) and an optional username', () => {
    assert.deepEqual(
      validConfig(discordChannel, { webhook_url: 'https://discord.com/api/webhooks/1/abc' }),
      { webhook_url: 'https://discord.com/api/webhooks/1/abc', username: null },
    );
    assert.deepEqual(
      validConfig(discordChannel, { webhook_url: 'https://discord.com/x', username: 'Vigil' }),
      { webhook_url: 'https://discord.com/x', username: 'Vigil' },
    );
    assert.deepEqual(discordChannel.secretFields, ['webhook_url']);
  });

  it('names the field at fault', () => {
    assert.deepEqual(fieldErrors(discordChannel, {}), ['webhook_url']);
    assert.deepEqual(fieldErrors(discordChannel, { webhook_url: 'not a url' }), ['webhook_url']);
    const url = 'https://discord.com/x';
    assert.deepEqual(fieldErrors(discordChannel, { webhook_url: url, username: '' }), ['username']);
    assert.deepEqual(fieldErrors(discordChannel, { webhook_url: url, username: 'u'.repeat(81) }), [
      'username',
    ]);
    assert.deepEqual(fieldErrors(discordChannel, { webhook_url: url, username: 7 }), ['username']);
  });
});

describe('discord channel sending', () => {
  const receiver = useReceiver();

  const send = (path: string, event: NotificationEvent = chatMonitorDown, extra = {}) =>
    deliveredBody(discordChannel, receiver(), {
      config: { webhook_url: `${receiver().url}${path}`, ...extra },
      event,
      prefix: path,
      path,
      status: 204,
    });

  it('POSTs a monitor outage as a red embed with reason and regions, mentions off', async () => {
    assert.deepEqual(await send('/api/webhooks/1/down', chatMonitorDown, { username: 'Vigil' }), {
      username: 'Vigil',
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: 'checkout <api> & *cart* is down',
          description:
            'Reason: 2 of 3 regions failing (quorum 2): eu-west, us-east\n' +
            'Failing regions: eu-west, us-east\n' +
            'OK regions: ap-south\n' +
            'Status: up → down',
          color: 0xd92d20,
          timestamp: '2026-03-01T09:59:58.000Z',
        },
      ],
    });
  });

  it('POSTs an incident opening', async () => {
    assert.deepEqual(await send('/api/webhooks/1/incident', chatIncidentCreated), {
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: 'Incident opened: API errors',
          description:
            'Status: investigating\nWe are looking into it.\nAPI: operational → major_outage',
          color: 0xd92d20,
          timestamp: '2026-03-01T10:02:11.000Z',
        },
      ],
    });
  });

  it('keeps the title within 256 characters and the description within 4096', async () => {
    const long = {
      ...chatIncidentCreated,
      incident: {
        ...chatIncidentCreated.incident,
        name: 'n'.repeat(300),
        update: { ...chatIncidentCreated.incident.update, body: 'b'.repeat(5000) },
      },
    };
    const body = (await send('/api/webhooks/1/long', long)) as {
      embeds: { title: string; description: string }[];
    };
    assert.equal(body.embeds[0]?.title, `Incident opened: ${'n'.repeat(238)}…`);
    assert.equal(body.embeds[0]?.description.length, 4096);
    assert.ok(body.embeds[0]?.description.endsWith('b…'));
  });

  it('passes on a fractional Retry-After of a rate limit', async () => {
    receiver().behave('/limited', { status: 429, headers: { 'retry-after': '1.5' } });
    const config = validConfig(discordChannel, { webhook_url: `${receiver().url}/limited` });
    const result = await discordChannel.send(chatMonitorDown, config, sendContext());
    assert.equal(result.retryAfterMs, 1500);
  });

  itReportsErrorAnswers(discordChannel, receiver, (base) => ({ webhook_url: `${base}/hook` }));
});
