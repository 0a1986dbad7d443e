// Microsoft Teams workflow webhook (Power Automate "When a Teams webhook request is received",
// e.g. the "Send webhook alerts to a channel" template): a message with one Adaptive Card, the
// title bold and coloured by severity, then one text block per detail line. It answers 202.
import { defineChannel } from '../channel.js';
import { truncateText } from '../chat-format.js';
import { validateWebhookUrlOnly, webhookUrlHint } from '../config-fields.js';
import { eventText, type EventSeverity } from '../event-text.js';
import { postJson } from '../json-post.js';

export interface TeamsConfig {
  webhook_url: string;
}

/** Adaptive Card TextBlock colours for each severity. */
const COLOURS: Readonly<Record<EventSeverity, string>> = {
  critical: 'attention',
  warning: 'warning',
  ok: 'good',
  info: 'default',
};

/** Teams refuses cards over about 28 KB; these bounds keep a card well below it. */
const TITLE_MAX = 300;
const DETAIL_MAX = 10_000;

export const teamsChannel = defineChannel<TeamsConfig>({
  type: 'teams',
  label: 'Microsoft Teams',
  hints: {
    webhook_url: webhookUrlHint(
      'Workflow URL',
      'Channel → Workflows → "Send webhook alerts to a channel" → copy the URL of the "When a Teams webhook request is received" step.',
    ),
  },
  fields: ['webhook_url'],
  secretFields: ['webhook_url'],

  validate: validateWebhookUrlOnly,

  send(event, config, context) {
    const text = eventText(event);
    const lines = truncateText(text.lines.join('\n'), DETAIL_MAX)
      .split('\n')
      .filter((line) => line.trim() !== '');
    const payload = {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              {
                type: 'TextBlock',
                text: truncateText(text.title, TITLE_MAX),
                weight: 'Bolder',
                size: 'Medium',
                color: COLOURS[text.severity],
                wrap: true,
              },
              ...lines.map((line) => ({ type: 'TextBlock', text: line, wrap: true })),
            ],
          },
        },
      ],
    };
    return postJson({ url: config.webhook_url, payload, event, context });
  },
});
