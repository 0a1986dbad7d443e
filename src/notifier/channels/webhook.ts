// The generic webhook channel: POSTs the event as JSON to a URL, with the stable event id, the
// event type, the attempt number, a timestamp and (when the channel has a secret) an
// HMAC-SHA256 signature over `timestamp.body` in headers. Format and verification:
// docs/notifications.md.
import { defineChannel, type FieldError } from '../channel.js';
import { configCheck, textField, urlField } from '../config-fields.js';
import { eventJson } from '../event-json.js';
import { postToReceiver } from '../http-post.js';
import { channelHeaders } from '../json-post.js';
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
    const url = urlField(input, 'url', errors, { credentialsHint: 'use secret to authenticate' });
    // The receiver's HMAC key byte for byte: not trimmed.
    const secret = textField(input, 'secret', errors, { max: MAX_SECRET_LENGTH, trim: false });
    return configCheck(errors, url === null ? null : { url, secret });
  },

  async send(event, config, context) {
    const body = JSON.stringify(eventJson(event));
    const timestamp = Math.floor(context.now.getTime() / 1000);
    const headers: Record<string, string> = {
      ...channelHeaders(event),
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
