// Mattermost incoming webhook: one message attachment with the title, the detail lines, a colour
// by severity and a plain-text fallback for notifications. `channel` and `username` override the
// webhook's own (the username only when the server allows integrations to override it).
import { defineChannel, type FieldError } from '../channel.js';
import { SEVERITY_COLOURS, truncateText } from '../chat-format.js';
import { configCheck, textField, webhookUrlField, webhookUrlHint } from '../config-fields.js';
import { eventText } from '../event-text.js';
import { postJson } from '../json-post.js';

export interface MattermostConfig {
  webhook_url: string;
  /** A channel's name (as in its URL) or `@user`; the webhook's channel when null. */
  channel: string | null;
  username: string | null;
}

/** Mattermost keeps a post under 16383 characters: title, text and fallback together stay below. */
const TITLE_MAX = 1024;
const TEXT_MAX = 4000;
/** Mattermost channel names are at most 64 characters. */
const NAME_MAX = 64;

export const mattermostChannel = defineChannel<MattermostConfig>({
  type: 'mattermost',
  label: 'Mattermost',
  hints: {
    webhook_url: webhookUrlHint(
      'Webhook URL',
      'Integrations → Incoming Webhooks → Add Incoming Webhook (https://your-server/hooks/…).',
    ),
    channel: {
      label: 'Channel',
      help: "A channel name as in its URL (e.g. town-square) or @user; empty for the webhook's channel.",
    },
    username: {
      label: 'Username',
      help: 'Shown as the sender, if the server lets integrations override usernames.',
    },
  },
  fields: ['webhook_url', 'channel', 'username'],
  secretFields: ['webhook_url'],

  validate(input) {
    const errors: FieldError[] = [];
    const url = webhookUrlField(input, errors);
    const channel = textField(input, 'channel', errors, { max: NAME_MAX });
    const username = textField(input, 'username', errors, { max: NAME_MAX });
    return configCheck(errors, url === null ? null : { webhook_url: url, channel, username });
  },

  send(event, config, context) {
    const text = eventText(event);
    const detail = truncateText(text.lines.join('\n'), TEXT_MAX);
    const payload = {
      ...(config.channel === null ? {} : { channel: config.channel }),
      ...(config.username === null ? {} : { username: config.username }),
      attachments: [
        {
          fallback: truncateText([text.title, ...text.lines].join('\n'), TEXT_MAX),
          color: SEVERITY_COLOURS[text.severity],
          title: truncateText(text.title, TITLE_MAX),
          text: detail,
        },
      ],
    };
    return postJson({ url: config.webhook_url, payload, event, context });
  },
});
