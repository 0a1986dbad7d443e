// The Microsoft Teams channel against a local receiver: configuration errors name the field, and
// a send is exactly one JSON POST of a message with one Adaptive Card, as Teams workflows take it.
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
import { teamsChannel } from './teams.js';

const WORKFLOW_PATH =
  '/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cr3t';

/** The message Teams gets: one Adaptive Card with these body blocks. */
function card(body: unknown[]) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
        },
      },
    ],
  };
}

const title = (text: string, color: string) => ({
  type: 'TextBlock',
  text,
  weight: 'Bolder',
  size: 'Medium',
  color,
  wrap: true,
});
const line = (text: string) => ({ type: 'TextBlock', text, wrap: true });

describe('teams channel configuration', () => {
  it('takes the workflow URL with its signed query, which is secret', () => {
    const url = `https://prod-01.westeurope.logic.azure.com${WORKFLOW_PATH}`;
    assert.deepEqual(validConfig(teamsChannel, { webhook_url: url }), { webhook_url: url });
    assert.deepEqual(teamsChannel.secretFields, ['webhook_url']);
  });

  it('names the field at fault', () => {
    assert.deepEqual(fieldErrors(teamsChannel, {}), ['webhook_url']);
    assert.deepEqual(fieldErrors(teamsChannel, { webhook_url: 42 }), ['webhook_url']);
    assert.deepEqual(fieldErrors(teamsChannel, { webhook_url: 'https://u:p@example.com/' }), [
      'webhook_url',
    ]);
  });
});

describe('teams channel sending', () => {
  const receiver = useReceiver();

  const send = (prefix: string, event: NotificationEvent) =>
    deliveredBody(teamsChannel, receiver(), {
      config: { webhook_url: `${receiver().url}${prefix}${WORKFLOW_PATH}` },
      event,
      prefix,
      path: `${prefix}${WORKFLOW_PATH}`,
      status: 202,
    });

  it('POSTs a monitor outage: title in the attention colour, then reason and regions', async () => {
    assert.deepEqual(
      await send('/down', chatMonitorDown),
      card([
        title('checkout <api> & *cart* is down', 'attention'),
        line('Reason: 2 of 3 regions failing (quorum 2): eu-west, us-east'),
        line('Failing regions: eu-west, us-east'),
        line('OK regions: ap-south'),
        line('Status: up → down'),
      ]),
    );
  });

  it('POSTs an incident opening, and a recovery in the good colour', async () => {
    assert.deepEqual(
      await send('/incident', chatIncidentCreated),
      card([
        title('Incident opened: API errors', 'attention'),
        line('Status: investigating'),
        line('We are looking into it.'),
        line('API: operational → major_outage'),
      ]),
    );
    const recovered = {
      ...chatMonitorDown,
      type: 'monitor.recovered',
      monitor: { ...chatMonitorDown.monitor, status: 'up', previousStatus: 'down' },
    };
    const body = (await send('/recovered', recovered)) as ReturnType<typeof card>;
    assert.deepEqual(
      body.attachments[0]?.content.body[0],
      title('checkout <api> & *cart* has recovered', 'good'),
    );
  });

  itReportsErrorAnswers(teamsChannel, receiver, (base) => ({
    webhook_url: `${base}${WORKFLOW_PATH}`,
  }));
});
