// The Mattermost channel against a local receiver: configuration errors name the field, and a send
// is exactly one JSON POST in Mattermost's incoming-webhook format with one message attachment.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  deliveredBody,
  fieldErrors,
  itReportsErrorAnswers,
  useReceiver,
  validConfig,
} from '../../../test/support/channel-checks.js';
import { chatIncidentCreated, chatMonitorDown } from '../../../test/support/notification-events.js';
import type { NotificationEvent } from '../../domain/notifications/index.js';
import { mattermostChannel } from './mattermost.js';

describe('mattermost channel configuration', () => {
  it('takes the webhook URL (secret) and optional channel and username', () => {
    assert.deepEqual(
      validConfig(mattermostChannel, { webhook_url: 'https://mm.example/hooks/k' }),
      {
        webhook_url: 'https://mm.example/hooks/k',
        channel: null,
        username: null,
      },
    );
    assert.deepEqual(
      validConfig(mattermostChannel, {
        webhook_url: 'https://mm.example/hooks/k',
        channel: 'ops-alerts',
        username: 'vigil',
      }),
      { webhook_url: 'https://mm.example/hooks/k', channel: 'ops-alerts', username: 'vigil' },
    );
    assert.deepEqual(mattermostChannel.secretFields, ['webhook_url']);
  });

  it('names the field at fault', () => {
    const url = 'https://mm.example/hooks/k';
    assert.deepEqual(fieldErrors(mattermostChannel, {}), ['webhook_url']);
    assert.deepEqual(fieldErrors(mattermostChannel, { webhook_url: 'mailto:a@b' }), [
      'webhook_url',
    ]);
    assert.deepEqual(fieldErrors(mattermostChannel, { webhook_url: url, channel: ' ' }), [
      'channel',
    ]);
    assert.deepEqual(
      fieldErrors(mattermostChannel, { webhook_url: url, username: 'u'.repeat(65) }),
      ['username'],
    );
    assert.deepEqual(fieldErrors(mattermostChannel, { channel: 1 }), ['webhook_url', 'channel']);
  });
});

describe('mattermost channel sending', () => {
  const receiver = useReceiver();

  const send = (path: string, event: NotificationEvent, extra = {}) =>
    deliveredBody(mattermostChannel, receiver(), {
      config: { webhook_url: `${receiver().url}${path}`, ...extra },
      event,
      prefix: path,
      path,
    });

  it('POSTs a monitor outage as a red attachment, to the chosen channel and username', async () => {
    const extra = { channel: 'ops-alerts', username: 'vigil' };
    assert.deepEqual(await send('/hooks/down', chatMonitorDown, extra), {
      channel: 'ops-alerts',
      username: 'vigil',
      attachments: [
        {
          fallback:
            'checkout <api> & *cart* is down\n' +
            'Reason: 2 of 3 regions failing (quorum 2): eu-west, us-east\n' +
            'Failing regions: eu-west, us-east\n' +
            'OK regions: ap-south\n' +
            'Status: up → down',
          color: '#d92d20',
          title: 'checkout <api> & *cart* is down',
          text:
            'Reason: 2 of 3 regions failing (quorum 2): eu-west, us-east\n' +
            'Failing regions: eu-west, us-east\n' +
            'OK regions: ap-south\n' +
            'Status: up → down',
        },
      ],
    });
  });

  it('POSTs an incident opening to the webhook’s own channel', async () => {
    assert.deepEqual(await send('/hooks/incident', chatIncidentCreated), {
      attachments: [
        {
          fallback:
            'Incident opened: API errors\nStatus: investigating\nWe are looking into it.\n' +
            'API: operational → major_outage',
          color: '#d92d20',
          title: 'Incident opened: API errors',
          text: 'Status: investigating\nWe are looking into it.\nAPI: operational → major_outage',
        },
      ],
    });
  });

  itReportsErrorAnswers(mattermostChannel, receiver, (base) => ({
    webhook_url: `${base}/hooks/k`,
  }));
});
