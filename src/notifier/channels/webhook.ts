// The generic webhook channel: POSTs the event as JSON to a URL, with the stable event id, the
// event type, the attempt number, a timestamp and (when the channel has a secret) an
// HMAC-SHA256 signature over `timestamp.body` in headers. Format and verification:
// docs/notifications.md.
import { defineChannel, type FieldError } from '../channel.js';
import { configCheck, httpUrlField, optionalTextField } from '../config-fields.js';
import { eventJson } from '../event-json.js';
import { postToReceiver } from '../http-post.js';
import { signWebhook } from '../webhook-signature.js';

export interface WebhookConfig {
  url: string;
  /** Signs every request when set. */
  secret: string | null;
}

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
    const url = httpUrlField(input.url, 'url', errors, {
      required: true,
      credentialsHint: 'use secret to authenticate',
    });
    const secret = optionalTextField(input.secret, 'secret', errors, MAX_SECRET_LENGTH);
    return configCheck(errors, url === null ? null : { url, secret });
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
