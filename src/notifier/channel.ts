// The one interface every notification channel implements (webhook, and later Slack, email, ...):
// check a configuration, naming the field at fault, and send one event. Each channel type is one
// file under channels/ plus one line in channels/index.ts.
import type { NotificationEvent } from '../domain/notifications/index.js';
import type { Mailbox } from '../mail/mail-address.js';
import type { SmtpSettings } from '../mail/smtp-sender.js';
import type { MailSenders } from './mail/mail-senders.js';

export interface FieldError {
  /** The configuration field at fault, e.g. `url`. */
  field: string;
  message: string;
}

export type ConfigCheck<C> = { ok: true; config: C } | { ok: false; errors: FieldError[] };

export interface SendContext {
  /** Aborts the attempt when its time is up (or the notifier stops); a send must honour it. */
  signal: AbortSignal;
  /** 1 for the first attempt of a delivery. */
  attempt: number;
  now: Date;
  /** The system's mail settings and pooled SMTP senders, for channels that send email. */
  mail?: ChannelMail;
  /**
   * What earlier attempts of this delivery settled, for a channel with several recipients (email):
   * it sends only to the others. Absent on a test send; empty on a delivery's first attempt.
   */
  settled?: SettledRecipients;
}

/** Recipients of one delivery that need no further attempt (addresses, as in the config). */
export interface SettledRecipients {
  /** Took the message: it is never sent to them again. */
  accepted: readonly string[];
  /** Refused it for good (SMTP 5xx): not sent to again unless the delivery is retried by hand. */
  refused: readonly string[];
}

/** VIGIL_SMTP_URL and VIGIL_MAIL_FROM as read (config.mail). */
export interface SystemMail {
  smtp: SmtpSettings | undefined;
  from: Mailbox;
}

export interface ChannelMail extends SystemMail {
  /** Owned by the notifier (or the test send), which closes them. */
  senders: MailSenders;
}

export interface SendResult {
  ok: boolean;
  /** The receiver's HTTP status (or the protocol's equivalent), when it answered. */
  statusCode: number | null;
  /** Why it failed, for the delivery log; never contains the channel's secrets. */
  error: string | null;
  /** The receiver asked to wait this long before the next attempt (HTTP Retry-After). */
  retryAfterMs?: number;
  /** Trying again cannot help (e.g. an SMTP 5xx for every failed recipient): dead-letter now. */
  permanent?: boolean;
  /** Recipients a failed attempt settled, kept with the delivery so later attempts skip them. */
  settled?: SettledRecipients;
}

/** How the admin form shows one configuration field. */
export interface FieldHint {
  /** e.g. "Webhook URL". */
  label: string;
  /** One sentence under the field. */
  help?: string;
  required?: boolean;
  /** The field takes one of these values (a select in the form). */
  choices?: readonly string[];
  /** A list field (e.g. several recipients): one value per line in the form. */
  list?: boolean;
  /** A number field. */
  numeric?: boolean;
}

export interface ChannelType<C> {
  readonly type: string;
  /** The service's name as people write it, e.g. "Slack", "PagerDuty". */
  readonly label: string;
  /** Form hints per field, in `fields` order; a field without one shows its name. */
  readonly hints: Readonly<Record<string, FieldHint>>;
  /** Every configuration field the type takes; any other is refused, naming it. */
  readonly fields: readonly string[];
  /** Those of `fields` stored encrypted and never returned by any API or logged. */
  readonly secretFields: readonly string[];
  /** Checks a configuration as entered (secrets in clear; no unknown fields) and returns it typed. */
  validate(input: Readonly<Record<string, unknown>>): ConfigCheck<C>;
  send(event: NotificationEvent, config: C, context: SendContext): Promise<SendResult>;
}

/** A channel type with its configuration type erased, as the registry holds them. */
export interface AnyChannelType {
  readonly type: string;
  readonly label: string;
  readonly hints: Readonly<Record<string, FieldHint>>;
  readonly fields: readonly string[];
  readonly secretFields: readonly string[];
  validate(input: Readonly<Record<string, unknown>>): ConfigCheck<unknown>;
  /** `config` must come from this type's validate. */
  send(event: NotificationEvent, config: unknown, context: SendContext): Promise<SendResult>;
}

/** Registers a type; fields it does not list are refused here, so no type can forget to. */
export function defineChannel<C>(definition: ChannelType<C>): AnyChannelType {
  return {
    type: definition.type,
    label: definition.label,
    hints: definition.hints,
    fields: definition.fields,
    secretFields: definition.secretFields,
    validate(input) {
      const unknown = unknownFields(input, definition.fields);
      const known = Object.fromEntries(
        Object.entries(input).filter(([key]) => definition.fields.includes(key)),
      );
      const check = definition.validate(known);
      if (unknown.length === 0) return check;
      return { ok: false, errors: [...unknown, ...(check.ok ? [] : check.errors)] };
    },
    // The only configs that reach send are what validate returned for this type.
    send: (event, config, context) => definition.send(event, config as C, context),
  };
}

/** Field errors for configuration keys a type does not know (typos must not pass silently). */
function unknownFields(
  input: Readonly<Record<string, unknown>>,
  known: readonly string[],
): FieldError[] {
  return Object.keys(input)
    .filter((key) => !known.includes(key))
    .map((field) => ({
      field,
      message: `${field} is not a setting of this channel type; it takes: ${known.join(', ')}`,
    }));
}
