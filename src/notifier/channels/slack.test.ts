// The Slack channel against a local receiver: configuration errors name the field, and a send is
// exactly one JSON POST in Slack's incoming-webhook format, with mrkdwn markup escaped.
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
import { slackChannel } from './slack.js';

describe('slack channel configuration', () => {
  it('takes the webhook URL, which is secret', () => {
    assert.deepEqual(
      validConfig(slackChannel, { webhook_url: 'https://hooks.slack.com/services/T0/B0/x' }),
      { webhook_url: 'https://hooks.slack.com/services/T0/B0/x' },
    );
    assert.deepEqual(slackChannel.secretFields, ['webhook_url']);
  });

  it('names the field at fault', () => {
    assert.deepEqual(fieldErrors(slackChannel, {}), ['webhook_url']);
    assert.deepEqual(fieldErrors(slackChannel, { webhook_url: 'hooks.slack.com/x' }), [
      'webhook_url',
    ]);
    assert.deepEqual(fieldErrors(slackChannel, { webhook_url: 'ftp://example.com/' }), [
      'webhook_url',
    ]);
    assert.deepEqual(fieldErrors(slackChannel, { webhook_url: 'https://a/', channel: '#ops' }), [
      'channel',
    ]);
    assert.deepEqual(slackChannel.validate({}), {
      ok: false,
      errors: [{ field: 'webhook_url', message: 'webhook_url is required' }],
    });
  });
});

describe('slack channel sending', () => {
  const receiver = useReceiver();

  const send = (path: string, event: NotificationEvent = chatMonitorDown) =>
    deliveredBody(slackChannel, receiver(), {
      config: { webhook_url: `${receiver().url}${path}` },
      event,
      prefix: path.split('?')[0]!,
      path,
    });

  it('POSTs a monitor outage: header, red attachment with reason and regions, escaped text', async () => {
    assert.deepEqual(await send('/services/T0/B0/down?x=1'), {
      text: 'checkout &lt;api&gt; &amp; *cart* is down',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'checkout <api> & *cart* is down' } },
      ],
      attachments: [
        {
          color: '#d92d20',
          blocks: [
            {
              type: 'section',
              text: {
                type: 'mrkdwn',
                text:
                  'Reason: 2 of 3 regions failing (quorum 2): eu-west, us-east\n' +
                  'Failing regions: eu-west, us-east\n' +
                  'OK regions: ap-south\n' +
                  'Status: up → down',
              },
            },
          ],
        },
      ],
    });
  });

  it('POSTs an incident opening', async () => {
    assert.deepEqual(await send('/services/T0/B0/incident', chatIncidentCreated), {
      text: 'Incident opened: API errors',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Incident opened: API errors' } },
      ],
      attachments: [
        {
          color: '#d92d20',
          blocks: [
            {
              type: 'section',
              text: {
                type: 'mrkdwn',
                text: 'Status: investigating\nWe are looking into it.\nAPI: operational → major_outage',
              },
            },
          ],
        },
      ],
    });
  });

  it('keeps the header within 150 characters', async () => {
    const long = {
      ...chatMonitorDown,
      monitor: { ...chatMonitorDown.monitor, name: 'n'.repeat(200) },
    };
    const body = (await send('/services/T0/B0/long', long)) as {
      blocks: { text: { text: string } }[];
    };
    assert.equal(body.blocks[0]?.text.text, `${'n'.repeat(149)}…`);
  });

  itReportsErrorAnswers(slackChannel, receiver, (base) => ({ webhook_url: `${base}/hook` }));
});
