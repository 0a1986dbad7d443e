// ntfy (ntfy.sh or a self-hosted server): every event is published as JSON to the server's root
// URL with its topic, title, message, a priority and an emoji tag by how bad it is; an access
// token or a user name and password authenticate to protected topics. See docs/notifications.md.
import { eventText, type EventSeverity } from '../event-text.js';
import { defineChannel, type FieldError } from '../channel.js';
import { jsonErrorText, postToReceiver } from '../http-post.js';
import { channelHeaders } from '../json-post.js';
import { configCheck, integerField, textField, urlField } from '../config-fields.js';

/** Keyed by field name: this is also the stored form (secret fields sealed by name). */
export interface NtfyConfig {
  server_url: string;
  topic: string;
  /** 1 (min) to 5 (max); null: by how bad the event is. */
  priority: number | null;
  /** An access token (Bearer), or else a user name and password (Basic), or none. */
  token: string | null;
  username: string | null;
  password: string | null;
}

export const NTFY_SERVER_URL = 'https://ntfy.sh';

const PRIORITY_BY_SEVERITY: Readonly<Record<EventSeverity, number>> = {
  critical: 5,
  warning: 4,
  ok: 3,
  info: 3,
};

/** Emoji shortcodes ntfy shows before the title. */
const TAG_BY_SEVERITY: Readonly<Record<EventSeverity, string>> = {
  critical: 'rotating_light',
  warning: 'warning',
  ok: 'white_check_mark',
  info: 'information_source',
};

export const ntfyChannel = defineChannel<NtfyConfig>({
  type: 'ntfy',
  label: 'ntfy',
  hints: {
    server_url: { label: 'Server URL', help: `Leave empty for ${NTFY_SERVER_URL}.` },
    topic: {
      label: 'Topic',
      help: 'Letters, digits, - and _ (up to 64); on a public server, anyone who knows it can read it.',
      required: true,
    },
    priority: {
      label: 'Priority',
      help: '1 (min) to 5 (max) for every message; empty: 5 when down, 4 when degraded, 3 otherwise.',
      numeric: true,
    },
    token: { label: 'Access token', help: 'For a protected topic (tk_...).' },
    username: { label: 'User name', help: 'For a protected topic, instead of a token.' },
    password: { label: 'Password' },
  },
  fields: ['server_url', 'topic', 'priority', 'token', 'username', 'password'],
  secretFields: ['token', 'password'],

  validate(input) {
    const errors: FieldError[] = [];
    const server_url = urlField(input, 'server_url', errors, {
      base: true,
      defaultUrl: NTFY_SERVER_URL,
    });
    const topic = textField(input, 'topic', errors, {
      required: true,
      max: 64,
      pattern: /^[-_A-Za-z0-9]+$/,
      patternHint: 'letters, digits, - and _ only',
    });
    const priority = integerField(input, 'priority', errors, { min: 1, max: 5 });
    const credentials = ntfyCredentials(input, errors);
    return configCheck(
      errors,
      server_url === null || topic === null || credentials === null
        ? null
        : { server_url, topic, priority, ...credentials },
    );
  },

  async send(event, config, context) {
    const text = eventText(event);
    const headers = channelHeaders(event);
    const secrets: string[] = [];
    const { token, username, password } = config;
    if (token !== null) {
      headers.authorization = `Bearer ${token}`;
      secrets.push(token);
    } else if (username !== null && password !== null) {
      headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
      secrets.push(password);
    }
    return postToReceiver({
      url: `${config.server_url}/`,
      headers,
      body: JSON.stringify({
        topic: config.topic,
        title: text.title,
        message: text.lines.join('\n'),
        priority: config.priority ?? PRIORITY_BY_SEVERITY[text.severity],
        tags: [TAG_BY_SEVERITY[text.severity]],
      }),
      signal: context.signal,
      // {"code":40301,"http":403,"error":"forbidden","link":"..."}
      describeError: jsonErrorText('error'),
      secrets,
    });
  },
});

type Credentials = Pick<NtfyConfig, 'token' | 'username' | 'password'>;

function ntfyCredentials(
  input: Readonly<Record<string, unknown>>,
  errors: FieldError[],
): Credentials | null {
  const before = errors.length;
  const token = textField(input, 'token', errors, { max: 200 });
  const username = textField(input, 'username', errors, {
    max: 200,
    pattern: /^[^:]+$/,
    patternHint: 'a user name without ":"',
  });
  const password = textField(input, 'password', errors, { max: 500 });
  if (errors.length > before) return null;
  if (token !== null && (username !== null || password !== null)) {
    errors.push({ field: 'token', message: 'use either token or username and password, not both' });
    return null;
  }
  if (username !== null && password === null) {
    errors.push({ field: 'password', message: 'password is required with username' });
    return null;
  }
  if (password !== null && username === null) {
    errors.push({ field: 'username', message: 'username is required with password' });
    return null;
  }
  return { token, username, password };
}
