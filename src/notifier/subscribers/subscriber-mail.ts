// The mail status-page subscribers get: the confirmation of a sign-up, and news of an incident
// or maintenance (its name, status, update text, affected components, a link to the page), each
// with the one-click unsubscribe link in the body. Plain text and HTML say the same; every value
// from people (names, update text) is escaped in the HTML.
import { escapeHtml } from '@kitajs/html';
import type {
  NotificationEvent,
  SubscriberMessagePurpose,
} from '../../domain/notifications/index.js';
import { eventText } from '../event-text.js';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

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
  if (options.purpose === 'already_subscribed' || options.confirmUrl === null) {
    return layout({
      subject: `You are already subscribed to ${page.name}`,
      title: `You are already subscribed to ${page.name}`,
      lines: [
        'Someone (probably you) asked to subscribe this address to status updates again.',
        'You are already subscribed, so nothing changes. If you no longer want these mails, unsubscribe below.',
      ],
      page,
      unsubscribeUrl: options.unsubscribeUrl,
    });
  }
  return layout({
    subject: `Confirm your subscription to ${page.name}`,
    title: `Confirm your subscription to ${page.name}`,
    lines: [
      'Someone (probably you) asked to get status updates of this page by email.',
      'Nothing is sent until you confirm. If it was not you, ignore this mail.',
    ],
    action: { label: 'Confirm subscription', url: options.confirmUrl },
    page,
    unsubscribeUrl: options.unsubscribeUrl,
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
  return layout({
    subject: `[${options.page.name}] ${text.title}`,
    title: text.title,
    lines,
    page: options.page,
    unsubscribeUrl: options.unsubscribeUrl,
  });
}

interface Layout {
  subject: string;
  title: string;
  lines: readonly string[];
  action?: { label: string; url: string };
  page: PageLink;
  unsubscribeUrl: string;
}

function layout(mail: Layout): MailContent {
  const footer = [
    `Status page: ${mail.page.name} ${mail.page.url}`,
    `Unsubscribe (one click): ${mail.unsubscribeUrl}`,
  ];
  const text = [
    mail.title,
    '',
    ...mail.lines,
    ...(mail.action ? ['', `${mail.action.label}: ${mail.action.url}`] : []),
    '',
    '--',
    ...footer,
    '',
  ].join('\n');
  const paragraphs = mail.lines
    .map((line) => `<p style="white-space:pre-wrap">${escapeHtml(line)}</p>`)
    .join('\n');
  const action = mail.action
    ? `<p><a href="${escapeHtml(mail.action.url)}">${escapeHtml(mail.action.label)}</a></p>`
    : '';
  const html = `<!doctype html>
<html><body style="font-family:sans-serif;line-height:1.4">
<h1 style="font-size:1.2em">${escapeHtml(mail.title)}</h1>
${paragraphs}
${action}
<hr>
<p style="font-size:0.9em;color:#555">Status page: <a href="${escapeHtml(mail.page.url)}">${escapeHtml(mail.page.name)}</a><br>
<a href="${escapeHtml(mail.unsubscribeUrl)}">Unsubscribe</a> (one click, no login)</p>
</body></html>
`;
  return { subject: mail.subject, text, html };
}
