// Slack incoming webhook (an app's "Incoming Webhooks" feature): the title as a header block, the
// detail lines in an attachment coloured by severity, and `text` as the notification fallback.
// App webhooks post to the channel and as the identity chosen when the webhook was created, so
// there is no channel or username setting. Format: docs/notifications.md.
import { defineChannel } from '../channel.js';
import { escapeMarkup, fitEscaped, SEVERITY_COLOURS, truncateText } from '../chat-format.js';
import { validateWebhookUrlOnly, webhookUrlHint } from '../config-fields.js';
import { eventText } from '../event-text.js';
import { postJson } from '../json-post.js';

export interface SlackConfig {
  webhook_url: string;
}

/** Slack's limits: header text 150 characters, section text 3000. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

export const slackChannel = defineChannel<SlackConfig>({
  type: 'slack',
  label: 'Slack',
  hints: {
    webhook_url: webhookUrlHint(
      'Webhook URL',
      'From your Slack app: Incoming Webhooks → Add New Webhook (https://hooks.slack.com/services/…).',
    ),
  },
  fields: ['webhook_url'],
  secretFields: ['webhook_url'],

  validate: validateWebhookUrlOnly,

  send(event, config, context) {
    const text = eventText(event);
    const detail = text.lines.join('\n');
    const payload = {
      text: fitEscaped(text.title, SECTION_MAX, escapeMarkup),
      blocks: [
        {
          type: 'header',
          text: { type: 'plain_text', text: truncateText(text.title, HEADER_MAX) },
        },
      ],
      ...(detail.trim() === ''
        ? {}
        : {
            attachments: [
              {
                color: SEVERITY_COLOURS[text.severity],
                blocks: [
                  {
                    type: 'section',
                    text: { type: 'mrkdwn', text: fitEscaped(detail, SECTION_MAX, escapeMarkup) },
                  },
                ],
              },
            ],
          }),
    };
    return postJson({ url: config.webhook_url, payload, event, context });
  },
});
