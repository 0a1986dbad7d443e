// One fixture per channel type for the every-channel proof (every-channel.test.ts): the config
// that points a channel of that type at the local receivers, and how to read a message it sent
// (which event it announces, and the text a person would see). Formats differ per service, so
// each type says so itself. A type registered in src/notifier/channels/index.ts without an entry
// here makes the proof fail: adding a channel type means adding its fixture.
import { PUSHOVER_ACCEPTED } from '../support/channel-checks.js';
import type { Behaviour, ReceivedRequest } from '../support/webhook-receiver.js';

/** What a channel sent: an HTTP request to the receiver, or a mail to the local SMTP server. */
export interface ReceivedMessage {
  /** HTTP: path and query; mail: the envelope recipient. */
  path: string;
  /** HTTP: the request's headers; mail: `subject` (decoded). */
  headers: ReceivedRequest['headers'];
  /** HTTP: the raw body; mail: the plain-text part, decoded (what a mail client shows). */
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
  /**
   * For services that open an alert and later close it by a key (PagerDuty's dedup key,
   * Opsgenie's alias): the key a message carries. The proof checks the down and the recovered
   * message carry the same key, and that it is the monitor's.
   */
  alertKey?(message: ReceivedMessage): string | undefined;
  /**
   * What the recovered message shows. `full` (the default): the monitor, its regions and the
   * recovery's reason, like the down message. `key-only`: the service's close request takes no
   * text at all (PagerDuty's resolve: the Events API v2 ignores any payload there), so the
   * monitor is identified by `alertKey` alone; only allowed together with `alertKey`.
   */
  recoveredShows?: 'full' | 'key-only';
}

type Kind = ReturnType<ChannelFixture['kind']>;

/** A chat or push title ("website is down") as the event it announces. */
function titleKind(title: unknown): Kind {
  if (typeof title !== 'string') return 'other';
  if (/ is down$/.test(title)) return 'down';
  if (/ has recovered$/.test(title)) return 'recovered';
  return 'other';
}

function json(message: ReceivedMessage): Record<string, unknown> {
  return JSON.parse(message.body) as Record<string, unknown>;
}

function form(message: ReceivedMessage): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(message.body));
}

/** A value inside parsed JSON by keys and indexes, or undefined where the shape differs. */
function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Strings of a JSON value, one a line (a title and its details as a person reads them). */
function lines(...values: unknown[]): string {
  return values.filter((value): value is string => typeof value === 'string').join('\n');
}

/** What a person reads of HTML-escaped markup (Slack mrkdwn, Telegram HTML): tags gone, & < > back. */
function unmarkup(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// The local services' answers, as the real ones give them (PagerDuty and Opsgenie accept with
// 202 and JSON, Pushover's success is {"status":1}, Discord's 204 has no body, ...).
const JSON_HEADERS = { 'content-type': 'application/json' };
const answers = {
  discord: { status: 204, body: '' },
  teams: { status: 202, body: '' },
  telegram: {
    status: 200,
    headers: JSON_HEADERS,
    body: '{"ok":true,"result":{"message_id":1,"chat":{"id":-100123,"type":"channel"},"date":0}}',
  },
  pagerduty: {
    status: 202,
    headers: JSON_HEADERS,
    body: '{"status":"success","message":"Event processed","dedup_key":"k"}',
  },
  opsgenie: {
    status: 202,
    headers: JSON_HEADERS,
    body: '{"result":"Request will be processed","took":0.1,"requestId":"r"}',
  },
  ntfy: {
    status: 200,
    headers: JSON_HEADERS,
    body: '{"id":"x","time":0,"event":"message","topic":"vigil-ops"}',
  },
  gotify: { status: 200, headers: JSON_HEADERS, body: '{"id":1,"appid":1,"message":"m"}' },
  pushover: PUSHOVER_ACCEPTED,
} satisfies Record<string, Behaviour>;

const TELEGRAM_TOKEN = '123456789:AAEvigilEveryChannelToken';
const PAGERDUTY_KEY = 'R0ut1ngK3yR0ut1ngK3yR0ut1ngK3y00';
const PUSHOVER_APP = 'a'.repeat(30);
const PUSHOVER_USER = 'u'.repeat(30);
const EMAIL_TO = 'oncall@every.example';

export const CHANNEL_FIXTURES: Record<string, ChannelFixture> = {
  webhook: {
    config: (receiverUrl) => ({ url: receiverUrl, secret: 'change-me' }),
    kind(message) {
      const { type } = json(message);
      if (type === 'monitor.down') return 'down';
      if (type === 'monitor.recovered') return 'recovered';
      return 'other';
    },
    // The JSON carries the monitor's name, its regions and the reason as fields.
    text: (message) => message.body,
  },

  email: {
    config: (_receiverUrl, smtpUrl) => ({ to: [EMAIL_TO], smtp_url: smtpUrl }),
    transport: { kind: 'smtp', address: EMAIL_TO },
    kind: (message) => titleKind(message.headers.subject),
    text: (message) => lines(message.headers.subject, message.body),
  },

  // Slack: the title in `text` (the notification) and a header block, details in an attachment.
  slack: {
    config: (receiverUrl) => ({ webhook_url: receiverUrl }),
    kind: (message) => titleKind(unmarkup(String(json(message).text))),
    text(message) {
      const body = json(message);
      return unmarkup(
        lines(
          at(body, 'blocks', 0, 'text', 'text'),
          at(body, 'attachments', 0, 'blocks', 0, 'text', 'text'),
        ),
      );
    },
  },

  // Discord: one embed with the title and the details as its description.
  discord: {
    config: (receiverUrl) => ({ webhook_url: receiverUrl }),
    answer: answers.discord,
    kind: (message) => titleKind(at(json(message), 'embeds', 0, 'title')),
    text(message) {
      const embed = at(json(message), 'embeds', 0);
      return lines(at(embed, 'title'), at(embed, 'description'));
    },
  },

  // Teams: an Adaptive Card whose first TextBlock is the title, one block per detail line.
  teams: {
    config: (receiverUrl) => ({ webhook_url: receiverUrl }),
    answer: answers.teams,
    kind: (message) => titleKind(at(json(message), 'attachments', 0, 'content', 'body', 0, 'text')),
    text(message) {
      const blocks = at(json(message), 'attachments', 0, 'content', 'body');
      return lines(...(Array.isArray(blocks) ? blocks.map((block) => at(block, 'text')) : []));
    },
  },

  // Mattermost: one attachment with a title and the details as its text.
  mattermost: {
    config: (receiverUrl) => ({ webhook_url: receiverUrl }),
    kind: (message) => titleKind(at(json(message), 'attachments', 0, 'title')),
    text(message) {
      const attachment = at(json(message), 'attachments', 0);
      return lines(at(attachment, 'title'), at(attachment, 'text'));
    },
  },

  // Telegram: sendMessage under the bot's path; HTML text, the title its bold first line.
  telegram: {
    config: (receiverUrl) => ({
      bot_token: TELEGRAM_TOKEN,
      chat_id: '-100123',
      api_url: receiverUrl,
    }),
    answer: answers.telegram,
    kind: (message) => titleKind(unmarkup(String(json(message).text).split('\n')[0] ?? '')),
    text: (message) => unmarkup(String(json(message).text)),
  },

  // PagerDuty Events API v2: a trigger with the summary and details; the resolve carries only
  // the dedup key (the Events API takes no payload there), so it identifies the monitor by it.
  pagerduty: {
    config: (receiverUrl) => ({ routing_key: PAGERDUTY_KEY, api_url: receiverUrl }),
    answer: answers.pagerduty,
    kind(message) {
      const action = json(message).event_action;
      if (action === 'trigger') return 'down';
      if (action === 'resolve') return 'recovered';
      return 'other';
    },
    text(message) {
      const payload = json(message).payload;
      // The incident's title and its details as PagerDuty shows them (custom_details as JSON).
      return lines(
        at(payload, 'summary'),
        at(payload, 'source'),
        JSON.stringify(at(payload, 'custom_details') ?? null),
      );
    },
    alertKey: (message) => String(json(message).dedup_key),
    recoveredShows: 'key-only',
  },

  // Opsgenie Alert API: create at /v2/alerts (message, description, details), close at
  // /v2/alerts/<alias>/close with a note.
  opsgenie: {
    config: (receiverUrl) => ({
      api_key: 'eb243592-faa2-4ba2-a551-1afdf565c889',
      api_url: receiverUrl,
    }),
    answer: answers.opsgenie,
    kind(message) {
      if (/\/v2\/alerts$/.test(message.path)) return 'down';
      if (/\/v2\/alerts\/[^/]+\/close\?identifierType=alias$/.test(message.path)) {
        return 'recovered';
      }
      return 'other';
    },
    text(message) {
      const body = json(message);
      return lines(body.message, body.description, body.note);
    },
    alertKey(message) {
      const close = /\/v2\/alerts\/([^/?]+)\/close/.exec(message.path);
      return close ? decodeURIComponent(close[1]!) : String(json(message).alias);
    },
  },

  // ntfy: JSON published to the server's root with a title and a message.
  ntfy: {
    config: (receiverUrl) => ({ server_url: receiverUrl, topic: 'vigil-ops' }),
    answer: answers.ntfy,
    kind: (message) => titleKind(json(message).title),
    text: (message) => lines(json(message).title, json(message).message),
  },

  // Gotify: JSON to /message with a title and a plain-text message.
  gotify: {
    config: (receiverUrl) => ({ server_url: receiverUrl, token: 'AGotifyAppToken.1' }),
    answer: answers.gotify,
    kind: (message) => titleKind(json(message).title),
    text: (message) => lines(json(message).title, json(message).message),
  },

  // Pushover: form parameters to /1/messages.json with a title and a message.
  pushover: {
    config: (receiverUrl) => ({
      app_token: PUSHOVER_APP,
      user_key: PUSHOVER_USER,
      api_url: receiverUrl,
    }),
    answer: answers.pushover,
    kind: (message) => titleKind(form(message).title),
    text: (message) => lines(form(message).title, form(message).message),
  },
};
