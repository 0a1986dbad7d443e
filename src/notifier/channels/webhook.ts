// The generic webhook channel: POSTs the event as JSON to a URL, with the stable event id, the
// event type, the attempt number, a timestamp and (when the channel has a secret) an
// HMAC-SHA256 signature over `timestamp.body` in headers. Format and verification:
// docs/notifications.md.
import { defineChannel, type FieldError } from '../channel.js';
import { eventJson } from '../event-json.js';
import { postToReceiver } from '../http-post.js';
import { signWebhook } from '../webhook-signature.js';

export interface WebhookConfig {
  url: string;
  /** Signs every request when set. */
  secret: string | null;
}

const MAX_URL_LENGTH = 2000;
const MAX_SECRET_LENGTH = 500;

export const webhookChannel = defineChannel<WebhookConfig>({
  type: 'webhook',
  label: 'Webhook',
  hints: {
    url: { label: 'URL', help: 'Vigil POSTs each event as JSON to this address.', required: true },
    secret: {
      label: 'Signing secret',
      help: 'When set, every request carries a Vigil-Signature HMAC-SHA256 header (see the docs).',
    },
  },
  fields: ['url', 'secret'],
  secretFields: ['secret'],

  validate(input) {
    const errors: FieldError[] = [];
    const url = receiverUrl(input.url, errors);
    let secret: string | null = null;
    if (input.secret !== undefined && input.secret !== null) {
      if (typeof input.secret !== 'string' || input.secret.length === 0) {
        errors.push({ field: 'secret', message: 'secret must be a non-empty string' });
      } else if (input.secret.length > MAX_SECRET_LENGTH) {
        errors.push({
          field: 'secret',
          message: `secret must be at most ${MAX_SECRET_LENGTH} characters`,
        });
      } else {
        secret = input.secret;
      }
    }
    return errors.length > 0 || url === null
      ? { ok: false, errors }
      : { ok: true, config: { url, secret } };
  },

  async send(event, config, context) {
    const body = JSON.stringify(eventJson(event));
    const timestamp = Math.floor(context.now.getTime() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Vigil-Notifier',
      'vigil-event-id': event.id,
      'vigil-event-type': event.type,
      'vigil-delivery-attempt': String(context.attempt),
      'vigil-timestamp': String(timestamp),
    };
    if (config.secret !== null) {
      headers['vigil-signature'] = signWebhook(config.secret, timestamp, body);
    }
    return postToReceiver({ url: config.url, headers, body, signal: context.signal });
  },
});

function receiverUrl(value: unknown, errors: FieldError[]): string | null {
  const fail = (message: string): null => {
    errors.push({ field: 'url', message });
    return null;
  };
  if (value === undefined || value === null || value === '') return fail('url is required');
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) {
    return fail(`url must be a URL of at most ${MAX_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('url must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail('url must be an absolute http(s) URL');
  }
  // Credentials in the URL would be stored in clear and shown by the API: use `secret` instead.
  if (url.username !== '' || url.password !== '') {
    return fail('url must not contain a user name or password; use secret to authenticate');
  }
  return url.toString();
}
