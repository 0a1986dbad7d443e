// One fixture per channel type for the every-channel proof (every-channel.test.ts): the config
// that points a channel of that type at the local receivers, and how to read a message it sent
// (which event it announces, and the text a person would see). Formats differ per service, so
// each type says so itself. A type registered in src/notifier/channels/index.ts without an entry
// here makes the proof fail: adding a channel type means adding its fixture.
import type { Behaviour, ReceivedRequest } from '../support/webhook-receiver.js';

/** What a channel sent: an HTTP request to the receiver, or a mail to the local SMTP server. */
export interface ReceivedMessage {
  /** HTTP: path and query; mail: the envelope recipient. */
  path: string;
  headers: ReceivedRequest['headers'];
  /** HTTP: the raw body; mail: the raw message (headers and body). */
  body: string;
}

export interface ChannelFixture {
  /**
   * The channel's config: `receiverUrl` is a URL on the local HTTP receiver whose path is this
   * type's own (send there, or below it); `smtpUrl` is the local SMTP server
   * (smtp://127.0.0.1:port, no TLS, no auth).
   */
  config(receiverUrl: string, smtpUrl: string): Record<string, unknown>;
  /** Where messages arrive: HTTP (default) or SMTP; `address` is the recipient (for mail). */
  transport?: { kind: 'http' } | { kind: 'smtp'; address: string };
  /** How the receiver answers this type's requests, when a plain 200 "ok" is not enough. */
  answer?: Behaviour;
  /** Which event the message announces. */
  kind(message: ReceivedMessage): 'down' | 'recovered' | 'other';
  /** The text of the message a person sees (title and details), to look for the facts in. */
  text(message: ReceivedMessage): string;
}

function webhookBody(message: ReceivedMessage): { type?: unknown } {
  return JSON.parse(message.body) as { type?: unknown };
}

export const CHANNEL_FIXTURES: Record<string, ChannelFixture> = {
  webhook: {
    config: (receiverUrl) => ({ url: receiverUrl, secret: 'change-me' }),
    kind(message) {
      const { type } = webhookBody(message);
      if (type === 'monitor.down') return 'down';
      if (type === 'monitor.recovered') return 'recovered';
      return 'other';
    },
    // The JSON carries the monitor's name, its regions and the reason as fields.
    text: (message) => message.body,
  },
};
