// Gotify (self-hosted push): every event is POSTed as JSON to the server's /message with the
// application token in the X-Gotify-Key header (not in the query string, where proxies and
// access logs would keep it), as plain text, with a priority by how bad it is unless the channel
// fixes one. See docs/notifications.md.
import { eventText, type EventSeverity } from '../event-text.js';
import { defineChannel, type FieldError } from '../channel.js';
import { jsonErrorText, postToReceiver } from '../http-post.js';
import { channelHeaders } from '../json-post.js';
import { configCheck, integerField, textField, urlField } from '../config-fields.js';

/** Keyed by field name: this is also the stored form (secret fields sealed by name). */
export interface GotifyConfig {
  server_url: string;
  token: string;
  /** 0 to 10 for every message; null: by how bad the event is. */
  priority: number | null;
}

/**
 * Gotify's Android client: 0 no notification, 1-3 silent, 4-7 with sound, 8-10 also vibrating;
 * an outage should buzz, anything else should still be heard.
 */
const PRIORITY_BY_SEVERITY: Readonly<Record<EventSeverity, number>> = {
  critical: 8,
  warning: 6,
  ok: 4,
  info: 4,
};

export const gotifyChannel = defineChannel<GotifyConfig>({
  type: 'gotify',
  label: 'Gotify',
  hints: {
    server_url: {
      label: 'Server URL',
      help: 'Your Gotify server, e.g. https://gotify.example.com.',
      required: true,
    },
    token: {
      label: 'Application token',
      help: 'The token of an application created in Gotify (Apps → Create application).',
      required: true,
    },
    priority: {
      label: 'Priority',
      help: '0 to 10 for every message; empty: 8 when down, 6 when degraded, 4 otherwise.',
      numeric: true,
    },
  },
  fields: ['server_url', 'token', 'priority'],
  secretFields: ['token'],

  validate(input) {
    const errors: FieldError[] = [];
    const server_url = urlField(input, 'server_url', errors, { base: true });
    const token = textField(input, 'token', errors, {
      required: true,
      max: 200,
      pattern: /^[A-Za-z0-9._-]+$/,
      patternHint: 'a Gotify application token (letters, digits, ".", "_" and "-")',
    });
    const priority = integerField(input, 'priority', errors, { min: 0, max: 10 });
    return configCheck(
      errors,
      server_url === null || token === null ? null : { server_url, token, priority },
    );
  },

  async send(event, config, context) {
    const text = eventText(event);
    return postToReceiver({
      url: `${config.server_url}/message`,
      headers: { ...channelHeaders(event), 'x-gotify-key': config.token },
      body: JSON.stringify({
        title: text.title,
        message: text.lines.join('\n'),
        priority: config.priority ?? PRIORITY_BY_SEVERITY[text.severity],
        extras: { 'client::display': { contentType: 'text/plain' } },
      }),
      signal: context.signal,
      // {"error":"Unauthorized","errorCode":401,"errorDescription":"..."}
      describeError: jsonErrorText('error', 'errorDescription'),
      secrets: [config.token],
    });
  },
});
