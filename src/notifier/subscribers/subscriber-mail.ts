// The mail status-page subscribers get: the confirmation of a sign-up (or "you are already
// subscribed"), and news of an incident or maintenance (its name, status, update text, affected
// components, a link to the page). Laid out by the shared renderMail, so it looks like every
// other mail Vigil sends; the unsubscribe link is in both parts of every message.
import type {
  NotificationEvent,
  SubscriberMessagePurpose,
} from '../../domain/notifications/index.js';
import { eventText } from '../event-text.js';
import { renderMail, type RenderedMail } from '../mail/event-mail.js';

export type MailContent = RenderedMail;

export interface PageLink {
  name: string;
  url: string;
}

export function confirmationMail(options: {
  purpose: SubscriberMessagePurpose;
  page: PageLink;
  confirmUrl: string | null;
  unsubscribeUrl: string;
}): MailContent {
  const { page } = options;
  const footerLines = [`Status page: ${page.name} ${page.url}`];
  if (options.purpose === 'already_subscribed' || options.confirmUrl === null) {
    return renderMail({
      title: `You are already subscribed to ${page.name}`,
      lines: [
        'Someone (probably you) asked to subscribe this address to status updates again.',
        'You are already subscribed, so nothing changes. If you no longer want these mails, unsubscribe below.',
      ],
      severity: 'info',
      footerLines,
      unsubscribeUrl: options.unsubscribeUrl,
      subjectPrefix: `[${page.name}]`,
    });
  }
  return renderMail({
    title: `Confirm your subscription to ${page.name}`,
    lines: [
      'Someone (probably you) asked to get status updates of this page by email.',
      `Confirm your subscription: ${options.confirmUrl}`,
      'Nothing is sent until you confirm. If it was not you, ignore this mail.',
    ],
    severity: 'info',
    footerLines,
    unsubscribeUrl: options.unsubscribeUrl,
    subjectPrefix: `[${page.name}]`,
  });
}

export function eventMail(
  event: NotificationEvent,
  options: { page: PageLink; componentNames: readonly string[]; unsubscribeUrl: string },
): MailContent {
  const text = eventText(event);
  const lines = [...text.lines];
  if (options.componentNames.length > 0) {
    lines.push(`Affected components: ${options.componentNames.join(', ')}`);
  }
  return renderMail({
    title: text.title,
    lines,
    severity: text.severity,
    footerLines: [
      `Status page: ${options.page.name} ${options.page.url}`,
      'You get this because you subscribed to updates of this status page.',
    ],
    unsubscribeUrl: options.unsubscribeUrl,
    subjectPrefix: `[${options.page.name}]`,
  });
}
