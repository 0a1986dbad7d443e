// Use cases of the public subscribe form: sign up (email with double opt-in, or a webhook),
// confirm, unsubscribe. A sign-up answers the same whatever the address's state — new, pending or
// already confirmed — so the form cannot tell anyone who is subscribed: a new or pending address
// gets a (new) confirmation mail, a confirmed one an "already subscribed" mail, each within the
// per-address limit, and each as an outbox event so it is sent and retried like any notification.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RateCounter } from '../cache/rate-counter.js';
import { ValidationError } from '../domain/errors.js';
import {
  SUBSCRIBER_MESSAGE_KIND,
  subscriberMessagePayload,
  type SubscriberMessagePurpose,
} from '../domain/notifications/index.js';
import { parseMailAddress } from '../mail/mail-address.js';
import { newId } from '../store/ids.js';
import { insertOutboxEvent } from '../store/outbox-repository.js';
import type { Database } from '../store/schema.js';
import {
  SubscriberRepository,
  type SubscriberKind,
  type SubscriberRecipient,
} from '../store/subscriber-repository.js';
import { withTransaction } from '../store/transaction.js';
import { newSecret } from './secret-token.js';
import { checkSubscriberWebhookUrl, type HostResolver } from './subscriber-webhook-url.js';

const DAY_MS = 86_400_000;
/** How long a confirmation link works. */
export const CONFIRM_TTL_MS = 2 * DAY_MS;

export interface SubscriberServiceOptions {
  /** Counts confirmation mails per address (shared by every web instance). */
  rateCounter: RateCounter;
  mailsPerAddressPerDay: number;
  webhookAllowPrivate: boolean;
  resolveHost?: HostResolver;
  now?: () => Date;
}

export interface SignUpInput {
  /** Form fields as posted. */
  email?: unknown;
  webhookUrl?: unknown;
  componentIds?: readonly string[];
}

export interface SignUpPage {
  id: string;
  /** The page's components: the only ones a visitor may choose. */
  componentIds: readonly string[];
}

/** A sign-up that passed the checks. */
export interface SignUpRequest {
  pageId: string;
  kind: SubscriberKind;
  address: string;
  componentIds: string[];
}

/** A confirmation or unsubscribe link: good (with whom it concerns), expired, or unknown. */
export type LinkState =
  | { status: 'live'; recipient: SubscriberRecipient }
  | { status: 'expired' }
  | { status: 'unknown' };

export class SubscriberService {
  private readonly now: () => Date;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: SubscriberServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Checks the form, throwing ValidationError naming `email`, `webhook_url` or `components`;
   * nothing is stored yet (the web layer checks the proof of work in between).
   */
  async check(page: SignUpPage, input: SignUpInput): Promise<SignUpRequest> {
    const target = await this.target(input);
    const componentIds = [...new Set(input.componentIds ?? [])];
    const unknown = componentIds.find((id) => !page.componentIds.includes(id));
    if (unknown !== undefined) {
      throw new ValidationError(
        'components',
        `there is no component ${JSON.stringify(unknown)} on this page`,
      );
    }
    return { pageId: page.id, ...target, componentIds };
  }

  /** Records a checked sign-up. Resolves the same way for a new, pending or confirmed address. */
  async signUp(request: SignUpRequest): Promise<void> {
    const { componentIds } = request;
    const target = { kind: request.kind, address: request.address };
    const page = { id: request.pageId };
    const now = this.now();
    // Counted before anything changes: past the limit the sign-up changes nothing at all (a
    // renewed token would otherwise kill the links of the mails already sent).
    const mayMail = target.kind !== 'email' || (await this.mayMail(target.address));
    await withTransaction(this.db, async (trx) => {
      const subscribers = new SubscriberRepository(trx);
      // Unconfirmed sign-ups are not kept past their link's life.
      await subscribers.purgeExpiredPending(now);
      const existing = await subscribers.findByAddress(page.id, target.kind, target.address);
      if (target.kind === 'webhook') {
        // No mailbox to confirm: the proof of work stands in for it (see docs); a repeat changes
        // nothing, so nobody can alter another's subscription.
        if (!existing) {
          await subscribers.insert(
            this.newSubscriber(page.id, target, componentIds, 'confirmed', now),
          );
        }
        return;
      }
      if (!mayMail) return;
      if (existing?.status === 'confirmed') {
        await queueMessage(trx, existing.id, 'already_subscribed', now);
        return;
      }
      if (existing) {
        // The same token, for longer: every confirmation mail sent so far keeps working.
        const token = existing.confirmToken ?? newSecret();
        await subscribers.renewConfirmation(
          existing.id,
          token,
          new Date(now.getTime() + CONFIRM_TTL_MS),
        );
        await subscribers.setComponents(existing.id, componentIds);
        await queueMessage(trx, existing.id, 'confirm', now);
        return;
      }
      const created = this.newSubscriber(page.id, target, componentIds, 'pending', now);
      // A concurrent sign-up of the same address won: it sends the confirmation.
      if (await subscribers.insert(created)) await queueMessage(trx, created.id, 'confirm', now);
    });
  }

  /** What a confirmation link leads to, without changing anything (GET shows a button). */
  async confirmationLink(token: string): Promise<LinkState> {
    const subscribers = new SubscriberRepository(this.db);
    const found = token === '' ? undefined : await subscribers.findByConfirmToken(token);
    if (!found || found.status !== 'pending') return { status: 'unknown' };
    if ((found.confirmExpiresAt?.getTime() ?? 0) <= this.now().getTime()) {
      return { status: 'expired' };
    }
    const recipient = await subscribers.findRecipient(found.id);
    return recipient ? { status: 'live', recipient } : { status: 'unknown' };
  }

  /** Confirms the subscription whose link holds this token. */
  async confirm(token: string): Promise<LinkState> {
    const state = await this.confirmationLink(token);
    if (state.status !== 'live') return state;
    const subscribers = new SubscriberRepository(this.db);
    const confirmed = await subscribers.confirm(token, this.now());
    // Confirmed by a concurrent click meanwhile: the same outcome for this visitor.
    return confirmed ? { status: 'live', recipient: { ...state.recipient, ...confirmed } } : state;
  }

  /** The subscription an unsubscribe link names, with its page, if it still exists. */
  async unsubscribeLink(token: string): Promise<SubscriberRecipient | undefined> {
    const subscribers = new SubscriberRepository(this.db);
    const found = token === '' ? undefined : await subscribers.findByUnsubscribeToken(token);
    return found && subscribers.findRecipient(found.id);
  }

  /** Ends the subscription (deleting the address); false when the link names none (any more). */
  async unsubscribe(token: string): Promise<boolean> {
    if (token === '') return false;
    return (await new SubscriberRepository(this.db).removeByUnsubscribeToken(token)) !== undefined;
  }

  private async target(input: SignUpInput): Promise<{ kind: SubscriberKind; address: string }> {
    const email = typeof input.email === 'string' ? input.email.trim() : '';
    const webhook = typeof input.webhookUrl === 'string' ? input.webhookUrl.trim() : '';
    if (email !== '' && webhook !== '') {
      throw new ValidationError('email', 'enter an email address or a webhook URL, not both');
    }
    if (webhook !== '') {
      const check = await checkSubscriberWebhookUrl(webhook, {
        allowPrivate: this.options.webhookAllowPrivate,
        ...(this.options.resolveHost ? { resolve: this.options.resolveHost } : {}),
      });
      if (!check.ok) throw new ValidationError('webhook_url', `Webhook URL ${check.message}`);
      return { kind: 'webhook', address: check.url };
    }
    if (email === '')
      throw new ValidationError('email', 'Email address: enter the address to send updates to');
    const check = parseMailAddress(email);
    if (!check.ok) throw new ValidationError('email', `Email address ${check.message}`);
    // Mailboxes are case-insensitive in practice: one subscription per address however typed.
    return { kind: 'email', address: check.address.toLowerCase() };
  }

  private newSubscriber(
    pageId: string,
    target: { kind: SubscriberKind; address: string },
    componentIds: readonly string[],
    status: 'pending' | 'confirmed',
    now: Date,
  ) {
    return {
      id: newId(),
      pageId,
      kind: target.kind,
      address: target.address,
      componentIds,
      status,
      confirmToken: status === 'pending' ? newSecret() : null,
      confirmExpiresAt: status === 'pending' ? new Date(now.getTime() + CONFIRM_TTL_MS) : null,
      unsubscribeToken: newSecret(),
    };
  }

  /** Whether the address may get another mail today (each call counts as one). */
  private async mayMail(address: string): Promise<boolean> {
    // The key holds a hash: the rate-limit store (Redis, say) need not learn addresses.
    const key = `subscribe-mail|${createHash('sha256').update(address).digest('hex')}`;
    const counted = await this.options.rateCounter.hit(key, DAY_MS);
    return counted.count <= this.options.mailsPerAddressPerDay;
  }
}

/** The mail to one subscriber, as an outbox event in the sign-up's transaction. */
async function queueMessage(
  trx: Kysely<Database>,
  subscriberId: string,
  purpose: SubscriberMessagePurpose,
  now: Date,
): Promise<void> {
  const message = { id: `subscriber-${newId(16)}`, subscriberId, purpose };
  await insertOutboxEvent(
    trx,
    { kind: SUBSCRIBER_MESSAGE_KIND, payload: subscriberMessagePayload(message, now) },
    now,
  );
}
