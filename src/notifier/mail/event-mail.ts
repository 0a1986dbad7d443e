// The email form of a message: a subject, a plain-text part and an HTML part with a simple
// inline-styled layout (mail clients ignore style sheets) and a coloured bar for how bad it is.
// Channel alerts (eventMail) and subscriber mail share renderMail so every mail Vigil sends
// looks alike. All text is escaped into the HTML; the subject passes safeHeaderText.
import type { NotificationEvent } from '../../domain/notifications/index.js';
import { safeHeaderText } from '../../mail/mail-message.js';
import { eventText, type EventSeverity } from '../event-text.js';

export interface MailContent {
  /** e.g. "website is down"; becomes the subject after the prefix. */
  title: string;
  /** Detail lines, one paragraph each. */
  lines: readonly string[];
  severity: EventSeverity;
  /** Small print under the message (event id, where it came from, why you get it). */
  footerLines?: readonly string[];
  /** A one-click unsubscribe link, shown in both parts when given. */
  unsubscribeUrl?: string;
  /** Default "[Vigil]". */
  subjectPrefix?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export const SEVERITY_COLOURS: Readonly<Record<EventSeverity, string>> = {
  critical: '#d93025',
  warning: '#f29900',
  ok: '#188038',
  info: '#1a73e8',
};

const SEVERITY_WORDS: Readonly<Record<EventSeverity, string>> = {
  critical: 'Outage',
  warning: 'Warning',
  ok: 'Resolved',
  info: 'Notice',
};

export function renderMail(content: MailContent): RenderedMail {
  const prefix = content.subjectPrefix ?? '[Vigil]';
  const subject = safeHeaderText(`${prefix} ${content.title}`);
  const footer = [...(content.footerLines ?? [])];
  const textParts = [content.title, '', ...content.lines];
  if (footer.length > 0 || content.unsubscribeUrl) textParts.push('', '--');
  textParts.push(...footer);
  if (content.unsubscribeUrl) textParts.push(`Unsubscribe: ${content.unsubscribeUrl}`);
  const colour = SEVERITY_COLOURS[content.severity];
  const paragraphs = content.lines
    .map(
      (line) =>
        `<p style="margin:0 0 8px 0;font-size:14px;line-height:20px;color:#202124;white-space:pre-wrap">${escapeHtml(line)}</p>`,
    )
    .join('');
  const small = footer
    .map((line) => `<p style="margin:0 0 4px 0">${escapeHtml(line)}</p>`)
    .join('');
  const unsubscribe = content.unsubscribeUrl
    ? `<p style="margin:8px 0 0 0"><a href="${escapeHtml(content.unsubscribeUrl)}" style="color:#5f6368">Unsubscribe</a></p>`
    : '';
  const html = [
    '<!DOCTYPE html><html><head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:16px;background:#f1f3f4;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:6px;border-collapse:separate">',
    `<tr><td style="height:6px;background:${colour};border-radius:6px 6px 0 0;font-size:0;line-height:0">&nbsp;</td></tr>`,
    '<tr><td style="padding:20px 24px">',
    `<p style="margin:0 0 4px 0;font-size:12px;font-weight:bold;letter-spacing:0.05em;text-transform:uppercase;color:${colour}">${SEVERITY_WORDS[content.severity]}</p>`,
    `<h1 style="margin:0 0 16px 0;font-size:20px;line-height:26px;color:#202124">${escapeHtml(content.title)}</h1>`,
    paragraphs,
    '</td></tr>',
    small || unsubscribe
      ? `<tr><td style="padding:12px 24px 20px 24px;border-top:1px solid #e8eaed;font-size:12px;line-height:16px;color:#5f6368">${small}${unsubscribe}</td></tr>`
      : '',
    '</table></body></html>',
  ].join('');
  return { subject, text: `${textParts.join('\n')}\n`, html };
}

/** A notification event as an alert mail. */
export function eventMail(event: NotificationEvent): RenderedMail {
  const text = eventText(event);
  return renderMail({
    ...text,
    footerLines: [`Event ${event.id} (${event.type}) at ${event.occurredAt}`, 'Sent by Vigil.'],
  });
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
