// Sends deliveries addressed to status-page subscribers, for the delivery engine: email through
// the system SMTP server (config.mail) with the unsubscribe link in the body and the RFC 8058
// one-click headers, webhooks as the webhook channel's JSON plus `unsubscribe_url`, through
// connections that refuse private addresses unless the operator allowed them. A subscriber
// removed since the fan-out gets nothing: its delivery is gone with it, and this sends nothing.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Dispatcher } from 'undici';
import {
  eventFromOutbox,
  subscriberMessageFromOutbox,
  type NotificationEvent,
  type SubscriberMessage,
} from '../../domain/notifications/index.js';
import type { MailConfig } from '../../config/env.js';
import type { MailSender } from '../../mail/smtp-sender.js';
import { publicOnlyAgent, urlTargetsPrivateLiteral } from '../../net/public-only-agent.js';
import type { ClaimedDelivery } from '../../store/delivery-repository.js';
import type { Database } from '../../store/schema.js';
import {
  SubscriberRepository,
  type SubscriberRecipient,
} from '../../store/subscriber-repository.js';
import type { SendContext, SendResult } from '../channel.js';
import type { SubscriberDeliverySender } from '../delivery-engine.js';
import { eventJson } from '../event-json.js';
import { postToReceiver } from '../http-post.js';
import { confirmationMail, eventMail, type MailContent, type PageLink } from './subscriber-mail.js';

export interface SubscriberSenderOptions {
  db: Kysely<Database>;
  mail: MailConfig;
  /** Public URL of the status site: links in messages are built on it. */
  baseUrl: string;
  webhookAllowPrivate: boolean;
  /**
   * The mail transport; by default the notifier's pooled sender for config.mail.smtp (the
   * attempt's context carries it), so channel and subscriber mail share one SMTP pool.
   */
  mailSender?: MailSender;
}

export interface SubscriberSender extends SubscriberDeliverySender {
  close(): void;
}

/** How many incidents' component names are kept (a fan-out sends the same event many times). */
const NAME_CACHE_SIZE = 64;

export function createSubscriberSender(options: SubscriberSenderOptions): SubscriberSender {
  const subscribers = new SubscriberRepository(options.db);
  const smtp = options.mail.smtp;
  const mailerFor = (context: SendContext): MailSender | undefined =>
    options.mailSender ?? (smtp ? context.mail?.senders.get(smtp) : undefined);
  const publicAgent = options.webhookAllowPrivate ? undefined : publicOnlyAgent();
  const names = new Map<number, Promise<string[]>>();
  const base = options.baseUrl.replace(/\/$/, '');

  const componentNames = (outboxId: number, ids: readonly string[]): Promise<string[]> => {
    let cached = names.get(outboxId);
    if (!cached) {
      cached = namesOf(options.db, ids);
      names.set(outboxId, cached);
      if (names.size > NAME_CACHE_SIZE) names.delete(names.keys().next().value!);
      cached.catch(() => names.delete(outboxId));
    }
    return cached;
  };

  const pageLink = (recipient: SubscriberRecipient): PageLink => ({
    name: recipient.page.name,
    url: recipient.page.isDefault ? `${base}/` : `${base}/s/${recipient.page.slug}`,
  });

  const sendMail = async (
    recipient: SubscriberRecipient,
    content: MailContent,
    eventId: string,
    context: SendContext,
  ): Promise<SendResult> => {
    const mailer = mailerFor(context);
    if (!mailer) {
      return failure('no system SMTP server is configured (VIGIL_SMTP_URL) for subscriber mail');
    }
    const unsubscribeUrl = `${base}/unsubscribe/${recipient.unsubscribeToken}`;
    const outcome = await mailer.send(
      {
        from: options.mail.from,
        to: recipient.address,
        subject: content.subject,
        text: content.text,
        html: content.html,
        headers: {
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Vigil-Event-Id': eventId,
        },
        messageId: `${eventId}.${recipient.id}@vigil`,
      },
      context.signal,
    );
    // A 5xx refusal (no such mailbox) will not change on a retry: dead at once.
    return {
      ok: outcome.ok,
      statusCode: outcome.statusCode,
      error: outcome.error,
      ...(outcome.permanent ? { permanent: true } : {}),
    };
  };

  const sendMessage = (
    recipient: SubscriberRecipient,
    message: SubscriberMessage,
    context: SendContext,
  ): Promise<SendResult> => {
    // Webhooks are confirmed at sign-up; a confirmation already used has nothing left to say.
    if (recipient.kind !== 'email') return skipped('webhook subscribers get no confirmation');
    const purpose = recipient.status === 'confirmed' ? 'already_subscribed' : message.purpose;
    const confirmUrl =
      recipient.confirmToken === null
        ? null
        : `${base}/subscribe/confirm/${recipient.confirmToken}`;
    const content = confirmationMail({
      purpose,
      page: pageLink(recipient),
      confirmUrl,
      unsubscribeUrl: `${base}/unsubscribe/${recipient.unsubscribeToken}`,
    });
    return sendMail(recipient, content, message.id, context);
  };

  const sendEvent = async (
    recipient: SubscriberRecipient,
    event: NotificationEvent,
    outboxId: number,
    context: SendContext,
  ): Promise<SendResult> => {
    if (recipient.status !== 'confirmed') return skipped('the subscriber has not confirmed');
    const unsubscribeUrl = `${base}/unsubscribe/${recipient.unsubscribeToken}`;
    if (recipient.kind === 'webhook') {
      return postWebhook(recipient.address, event, unsubscribeUrl, context, publicAgent);
    }
    const ids = event.subject === 'incident' ? event.incident.componentIds : [];
    const content = eventMail(event, {
      page: pageLink(recipient),
      componentNames: await componentNames(outboxId, ids),
      unsubscribeUrl,
    });
    return sendMail(recipient, content, event.id, context);
  };

  return {
    async send(delivery: ClaimedDelivery, context: SendContext): Promise<SendResult> {
      const recipient = await subscribers.findRecipient(delivery.subscriberId ?? '');
      if (!recipient) return skipped('the subscriber was removed; nothing sent');
      const message = subscriberMessageFromOutbox(delivery.outbox);
      if (message) return sendMessage(recipient, message, context);
      const event = eventFromOutbox(delivery.outbox);
      if (!event) return failure(`outbox row ${delivery.outbox.id} is not a readable event`);
      return sendEvent(recipient, event, delivery.outbox.id, context);
    },
    close() {
      void publicAgent?.close();
    },
  };
}

async function postWebhook(
  url: string,
  event: NotificationEvent,
  unsubscribeUrl: string,
  context: SendContext,
  publicAgent: Dispatcher | undefined,
): Promise<SendResult> {
  if (publicAgent && urlTargetsPrivateLiteral(url)) {
    return failure('the webhook URL is a loopback or private address');
  }
  const body = JSON.stringify({ ...eventJson(event), unsubscribe_url: unsubscribeUrl });
  return postToReceiver({
    url,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Vigil-Notifier',
      'vigil-event-id': event.id,
      'vigil-event-type': event.type,
      'vigil-delivery-attempt': String(context.attempt),
      'vigil-timestamp': String(Math.floor(context.now.getTime() / 1000)),
    },
    body,
    signal: context.signal,
    ...(publicAgent ? { dispatcher: publicAgent } : {}),
  });
}

async function namesOf(db: Kysely<Database>, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('components')
    .select('name')
    .where('id', '=', sql<string>`any(${[...ids]}::text[])`)
    .orderBy('position')
    .orderBy('name')
    .execute();
  return rows.map((row) => row.name);
}

function failure(error: string): SendResult {
  return { ok: false, statusCode: null, error };
}

/** Nothing to send, and nothing to retry: the delivery is done. */
function skipped(reason: string): Promise<SendResult> {
  return Promise.resolve({ ok: true, statusCode: null, error: reason });
}
