// Discord webhook ("Execute Webhook"): one embed with the title, the detail lines, a colour by
// severity and the event's time. Mentions are switched off so a monitor or incident named
// "@everyone" pings nobody. Discord answers 204 (no `?wait`), and 429 with Retry-After.
import { defineChannel, type FieldError } from '../channel.js';
import { SEVERITY_COLOURS, truncateText } from '../chat-format.js';
import { configCheck, textField, webhookUrlField, webhookUrlHint } from '../config-fields.js';
import { eventText } from '../event-text.js';
import { postJson } from '../json-post.js';

export interface DiscordConfig {
  webhook_url: string;
  /** Overrides the webhook's name for these messages. */
  username: string | null;
}

/** Discord's limits: embed title 256 characters, description 4096; a username 80. */
const TITLE_MAX = 256;
const DESCRIPTION_MAX = 4096;
const USERNAME_MAX = 80;

export const discordChannel = defineChannel<DiscordConfig>({
  type: 'discord',
  label: 'Discord',
  hints: {
    webhook_url: webhookUrlHint(
      'Webhook URL',
      'Channel settings → Integrations → Webhooks → Copy Webhook URL (https://discord.com/api/webhooks/…).',
    ),
    username: { label: 'Username', help: "Shown as the sender instead of the webhook's name." },
  },
  fields: ['webhook_url', 'username'],
  secretFields: ['webhook_url'],

  validate(input) {
    const errors: FieldError[] = [];
    const url = webhookUrlField(input, errors);
    const username = textField(input, 'username', errors, { max: USERNAME_MAX });
    return configCheck(errors, url === null ? null : { webhook_url: url, username });
  },

  send(event, config, context) {
    const text = eventText(event);
    const description = text.lines.join('\n');
    const embed = {
      title: truncateText(text.title, TITLE_MAX),
      ...(description.trim() === ''
        ? {}
        : { description: truncateText(description, DESCRIPTION_MAX) }),
      color: Number.parseInt(SEVERITY_COLOURS[text.severity].slice(1), 16),
      timestamp: event.occurredAt,
    };
    const payload = {
      ...(config.username === null ? {} : { username: config.username }),
      allowed_mentions: { parse: [] },
      embeds: [embed],
    };
    return postJson({ url: config.webhook_url, payload, event, context });
  },
});
