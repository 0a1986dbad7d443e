// The email channel: each event as one mail (plain text and HTML, see mail/event-mail.ts) to
// every address in `to`, through the channel's own SMTP server (`smtp_url`, stored encrypted) or
// the system's (VIGIL_SMTP_URL), from the channel's `from` or VIGIL_MAIL_FROM.
//
// A channel without smtp_url is accepted on save even when this process has no VIGIL_SMTP_URL:
// the notifier that sends may run elsewhere with its own environment, so only it can tell; its
// attempts then fail with "no SMTP server configured", visible in the delivery log and on the
// test button.
//
// Each recipient gets a mail of their own (no list of colleagues' addresses in To, and a refused
// address is reported on its own rather than hidden in a partial success). A failed attempt hands
// back which recipients it settled (accepted, or refused for good with an SMTP 5xx) and the
// delivery keeps them, so a retry mails only the others: nobody gets a second copy because a
// colleague's mailbox was busy. When every recipient left has been refused for good the delivery
// is dead-lettered at once instead of being retried. The Message-ID and the Vigil-Event-Id header
// come from the event id, the same on every attempt, for the copy a crash can still cause (see
// delivery-engine.ts).
import { setMaxListeners } from 'node:events';
import {
  hasAddress,
  parseMailAddress,
  parseMailbox,
  formatMailbox,
  type Mailbox,
} from '../../mail/mail-address.js';
import { messageIdFor, type MailMessage } from '../../mail/mail-message.js';
import {
  parseSmtpUrl,
  smtpSender,
  type MailOutcome,
  type SmtpSettings,
} from '../../mail/smtp-sender.js';
import {
  defineChannel,
  type FieldError,
  type SendContext,
  type SendResult,
  type SettledRecipients,
} from '../channel.js';
import { eventMail } from '../mail/event-mail.js';

export interface EmailConfig {
  /** Checked addresses, without duplicates. */
  to: string[];
  /** `Name <address>` or an address; null: VIGIL_MAIL_FROM. */
  from: string | null;
  /** The channel's own SMTP server; null: VIGIL_SMTP_URL. */
  smtp_url: string | null;
}

export const MAX_RECIPIENTS = 50;
const MAX_SMTP_URL_LENGTH = 2000;
const FALLBACK_FROM: Mailbox = { name: 'Vigil', address: 'vigil@localhost' };

export const NO_SMTP_SERVER =
  'no SMTP server configured: set smtp_url on the channel or VIGIL_SMTP_URL for the notifier';

export const emailChannel = defineChannel<EmailConfig>({
  type: 'email',
  label: 'Email',
  hints: {
    to: {
      label: 'Recipients',
      help: `Up to ${MAX_RECIPIENTS} email addresses; each gets a mail of their own.`,
      required: true,
      list: true,
    },
    from: {
      label: 'From',
      help: 'Sender, e.g. Vigil <status@example.com>; empty: the server setting VIGIL_MAIL_FROM.',
    },
    smtp_url: {
      label: 'SMTP server',
      help: 'e.g. smtp://user:password@mail.example.com:587; empty: the server setting VIGIL_SMTP_URL.',
    },
  },
  fields: ['to', 'from', 'smtp_url'],
  secretFields: ['smtp_url'],

  validate(input) {
    const errors: FieldError[] = [];
    const to = recipients(input.to, errors);
    let from: string | null = null;
    if (input.from !== undefined && input.from !== null && input.from !== '') {
      const check = parseMailbox(input.from);
      if (check.ok) from = formatMailbox(check.mailbox);
      else errors.push({ field: 'from', message: `from ${check.message}` });
    }
    let smtpUrl: string | null = null;
    if (input.smtp_url !== undefined && input.smtp_url !== null && input.smtp_url !== '') {
      if (typeof input.smtp_url !== 'string' || input.smtp_url.length > MAX_SMTP_URL_LENGTH) {
        errors.push({
          field: 'smtp_url',
          message: `smtp_url must be a URL of at most ${MAX_SMTP_URL_LENGTH} characters`,
        });
      } else {
        try {
          parseSmtpUrl(input.smtp_url);
          smtpUrl = input.smtp_url.trim();
        } catch (error) {
          // Never the value itself: it may hold the password.
          errors.push({ field: 'smtp_url', message: `smtp_url ${(error as Error).message}` });
        }
      }
    }
    return errors.length > 0 || to === null
      ? { ok: false, errors }
      : { ok: true, config: { to, from, smtp_url: smtpUrl } };
  },

  async send(event, config, context) {
    const smtp = config.smtp_url !== null ? parseSmtpUrl(config.smtp_url) : context.mail?.smtp;
    if (!smtp) return { ok: false, statusCode: null, error: NO_SMTP_SERVER };
    const from = fromOf(config, context);
    const rendered = eventMail(event);
    const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
    const base: Omit<MailMessage, 'to'> = {
      from,
      ...rendered,
      headers: { 'Vigil-Event-Id': event.id, 'Vigil-Event-Type': event.type },
      messageId: messageIdFor(event.id, domain),
    };
    return sendToAll(smtp, config.to, base, context);
  },
});

async function sendToAll(
  smtp: SmtpSettings,
  to: readonly string[],
  base: Omit<MailMessage, 'to'>,
  context: SendContext,
): Promise<SendResult> {
  const earlier = context.settled ?? { accepted: [], refused: [] };
  const left = to.filter(
    (address) => !hasAddress(earlier.accepted, address) && !hasAddress(earlier.refused, address),
  );
  // Every concurrent send listens on the one signal; more than Node's default 10 is expected.
  setMaxListeners(Math.max(10, left.length + 10), context.signal);
  const pooled = context.mail?.senders.get(smtp);
  const sender = pooled ?? smtpSender(smtp, { maxConnections: 1 });
  try {
    const outcomes = await Promise.all(
      left.map(async (address): Promise<[string, MailOutcome]> => [
        address,
        await sender.send({ ...base, to: address }, context.signal),
      ]),
    );
    return resultOf(to, earlier, outcomes);
  } finally {
    if (!pooled) sender.close();
  }
}

/** A recipient that did not take the mail, with the server's answer. */
interface RecipientFailure {
  address: string;
  error: string;
}

/** The attempt's outcome over every recipient: those settled earlier and those mailed now. */
function resultOf(
  to: readonly string[],
  earlier: SettledRecipients,
  outcomes: ReadonlyArray<[string, MailOutcome]>,
): SendResult {
  const refused = [
    ...to
      .filter((address) => hasAddress(earlier.refused, address))
      .map((address) => ({ address, error: 'refused in an earlier attempt' })),
    ...failures(outcomes, true),
  ];
  const temporary = failures(outcomes, false);
  if (refused.length === 0 && temporary.length === 0) {
    return { ok: true, statusCode: outcomes[0]?.[1].statusCode ?? null, error: null };
  }
  const acceptedNow = outcomes.filter(([, outcome]) => outcome.ok).map(([address]) => address);
  const accepted = to.filter(
    (address) => hasAddress(earlier.accepted, address) || hasAddress(acceptedNow, address),
  );
  return {
    ok: false,
    statusCode: outcomes.find(([, outcome]) => !outcome.ok)?.[1].statusCode ?? null,
    error: failureText(to.length, refused, temporary, accepted),
    ...(temporary.length === 0 ? { permanent: true } : {}),
    settled: { accepted: acceptedNow, refused: refused.map((failure) => failure.address) },
  };
}

/** The recipients this attempt failed for good (a 5xx), or for now (anything else). */
function failures(
  outcomes: ReadonlyArray<[string, MailOutcome]>,
  permanent: boolean,
): RecipientFailure[] {
  return outcomes
    .filter(([, outcome]) => !outcome.ok && (outcome.permanent === true) === permanent)
    .map(([address, outcome]) => ({ address, error: outcome.error ?? 'failed' }));
}

/**
 * The delivery log's words: each failed recipient with the server's answer; when some accepted
 * or the failures differ in kind, grouped by what happens next, and who has the mail.
 */
function failureText(
  total: number,
  refused: readonly RecipientFailure[],
  temporary: readonly RecipientFailure[],
  accepted: readonly string[],
): string {
  const list = (items: readonly RecipientFailure[]) =>
    items.map((failure) => `${failure.address}: ${failure.error}`).join('; ');
  if (accepted.length === 0 && (refused.length === 0 || temporary.length === 0)) {
    return list([...refused, ...temporary]);
  }
  return [
    `${refused.length + temporary.length} of ${total} recipients failed.`,
    ...(refused.length > 0 ? [`Refused for good (not retried): ${list(refused)}.`] : []),
    ...(temporary.length > 0
      ? [`Failed for now (retried while attempts remain): ${list(temporary)}.`]
      : []),
    ...(accepted.length > 0 ? [`Accepted: ${accepted.join(', ')}.`] : []),
  ].join(' ');
}

function fromOf(config: EmailConfig, context: SendContext): Mailbox {
  if (config.from !== null) {
    const check = parseMailbox(config.from);
    if (check.ok) return check.mailbox;
  }
  return context.mail?.from ?? FALLBACK_FROM;
}

/** `to` as a list, or one string of addresses separated by commas or line breaks (a form). */
function recipients(value: unknown, errors: FieldError[]): string[] | null {
  const fail = (message: string): null => {
    errors.push({ field: 'to', message });
    return null;
  };
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = value.split(/[\r\n,]+/);
  else if (value === undefined || value === null)
    return fail('to is required (a list of email addresses)');
  else return fail('to must be a list of email addresses');
  const given = items.filter((item) => !(typeof item === 'string' && item.trim() === ''));
  if (given.length === 0) return fail('to must name at least one email address');
  if (given.length > MAX_RECIPIENTS) return fail(`to may name at most ${MAX_RECIPIENTS} addresses`);
  const addresses: string[] = [];
  for (const [index, item] of given.entries()) {
    const check = parseMailAddress(item);
    if (!check.ok) {
      const shown = typeof item === 'string' ? ` ${JSON.stringify(item.slice(0, 80))}` : '';
      return fail(`to[${index}]${shown} ${check.message}`);
    }
    if (!addresses.some((a) => a.toLowerCase() === check.address.toLowerCase())) {
      addresses.push(check.address);
    }
  }
  return addresses;
}
