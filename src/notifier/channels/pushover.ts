// Pushover through its Message API: every event is POSTed to /1/messages.json as form
// parameters (the encoding Pushover's API documentation gives for every parameter) with the
// application token and user key, a title, the message in plain text, a priority and the time
// it happened. Emergency priority (2) is refused: it needs retry/expire receipts Vigil does not
// follow up on. Delivered means Pushover's answer says `"status":1`, not just a 2xx. See
// docs/notifications.md.
import { eventText, type EventSeverity } from '../event-text.js';
import { defineChannel, type FieldError } from '../channel.js';
import { jsonErrorText, postToReceiver } from '../http-post.js';
import { channelHeaders } from '../json-post.js';
import { configCheck, integerField, textField, urlField } from '../config-fields.js';
import { truncateText } from '../chat-format.js';

/** Keyed by field name: this is also the stored form (secret fields sealed by name). */
export interface PushoverConfig {
  app_token: string;
  user_key: string;
  /** Device names (comma-separated) to send to instead of all the user's devices. */
  device: string | null;
  /** -2 to 1 for every message; null: by how bad the event is. */
  priority: number | null;
  api_url: string;
}

export const PUSHOVER_API_URL = 'https://api.pushover.net';
// Pushover's limits.
const MAX_MESSAGE = 1024;
const MAX_TITLE = 250;

/** High priority (1) bypasses the user's quiet hours: only for outages. */
const PRIORITY_BY_SEVERITY: Readonly<Record<EventSeverity, number>> = {
  critical: 1,
  warning: 0,
  ok: 0,
  info: 0,
};

const KEY = { required: true, max: 30, pattern: /^[A-Za-z0-9]{30}$/ };

export const pushoverChannel = defineChannel<PushoverConfig>({
  type: 'pushover',
  label: 'Pushover',
  hints: {
    app_token: {
      label: 'Application token',
      help: 'The API token of an application registered at Pushover (30 characters).',
      required: true,
    },
    user_key: {
      label: 'User or group key',
      help: 'Shown on your Pushover dashboard (30 characters).',
      required: true,
    },
    device: { label: 'Devices', help: 'Device names, comma-separated; empty: all devices.' },
    priority: {
      label: 'Priority',
      help: '-2 to 1 for every message; empty: 1 (high) when down, 0 otherwise.',
      numeric: true,
    },
    api_url: { label: 'API URL', help: `Leave empty for ${PUSHOVER_API_URL}.` },
  },
  fields: ['app_token', 'user_key', 'device', 'priority', 'api_url'],
  secretFields: ['app_token', 'user_key'],

  validate(input) {
    const errors: FieldError[] = [];
    const app_token = textField(input, 'app_token', errors, {
      ...KEY,
      patternHint: 'the 30 letters and digits of a Pushover application token',
    });
    const user_key = textField(input, 'user_key', errors, {
      ...KEY,
      patternHint: 'the 30 letters and digits of a Pushover user or group key',
    });
    const device = textField(input, 'device', errors, {
      max: 500,
      pattern: /^[A-Za-z0-9_-]{1,25}(,[A-Za-z0-9_-]{1,25})*$/,
      patternHint: 'device names (letters, digits, _ and -, up to 25 each), comma-separated',
    });
    let priority: number | null = null;
    if (input.priority === 2 || input.priority === '2') {
      errors.push({
        field: 'priority',
        message:
          'priority 2 (emergency) needs acknowledgement receipts that Vigil does not handle; use -2 to 1',
      });
    } else {
      priority = integerField(input, 'priority', errors, { min: -2, max: 1 });
    }
    const api_url = urlField(input, 'api_url', errors, {
      base: true,
      defaultUrl: PUSHOVER_API_URL,
    });
    return configCheck(
      errors,
      app_token === null || user_key === null || api_url === null
        ? null
        : { app_token, user_key, device, priority, api_url },
    );
  },

  async send(event, config, context) {
    const text = eventText(event);
    const form = new URLSearchParams({
      token: config.app_token,
      user: config.user_key,
      title: truncateText(text.title, MAX_TITLE),
      message: truncateText(text.lines.join('\n') || text.title, MAX_MESSAGE),
      priority: String(config.priority ?? PRIORITY_BY_SEVERITY[text.severity]),
      timestamp: String(Math.floor(Date.parse(event.occurredAt) / 1000)),
    });
    if (config.device !== null) form.set('device', config.device);
    return postToReceiver({
      url: `${config.api_url}/1/messages.json`,
      headers: channelHeaders(event, 'application/x-www-form-urlencoded'),
      body: form.toString(),
      signal: context.signal,
      // {"user":"invalid","errors":["user identifier is invalid"],"status":0,"request":"..."}
      describeError: pushoverErrors,
      refusalIn2xx: pushoverRefusal,
      secrets: [config.app_token, config.user_key],
    });
  },
});

const pushoverErrors = jsonErrorText('errors');

/**
 * Why a 2xx answer is not a delivery; null when it is one. Pushover's API documentation gives
 * one success answer, HTTP 200 with a JSON object whose `status` is 1, and says any other
 * `status` comes with an `errors` list. It documents no 2xx without that JSON, so such an answer
 * (a proxy's or captive portal's page, an `api_url` pointing at some other server) is no word
 * from Pushover that it took the message: it counts as a failed attempt and is retried, rather
 * than recorded as delivered while nobody was notified.
 */
function pushoverRefusal(body: string): string | null {
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    answer = undefined;
  }
  if (answer === null || typeof answer !== 'object') {
    // The log line is cut after the secrets are taken out (http-post.ts), so not here.
    return `not Pushover's answer (a JSON "status" was expected): ${body}`;
  }
  const status = (answer as Record<string, unknown>).status;
  if (status === 1) return null;
  const shown = status === undefined ? 'no status' : `status ${JSON.stringify(status)}`;
  return pushoverErrors(body) ?? `Pushover answered with ${shown} and no errors`;
}
