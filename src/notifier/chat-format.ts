// Laying out event text for chat services: one colour per severity, cutting text to a service's
// length limit without splitting a character, and escaping for services that read &, < and > as
// markup (Slack mrkdwn, Telegram HTML).
import type { EventSeverity } from './event-text.js';

/** The colour of each severity as #rrggbb: red, amber, green, blue. */
export const SEVERITY_COLOURS: Readonly<Record<EventSeverity, string>> = {
  critical: '#d92d20',
  warning: '#f79009',
  ok: '#12b76a',
  info: '#2e90fa',
};

const ELLIPSIS = '…';

/**
 * `text` cut to at most `max` UTF-16 code units (what JSON and most services count), ending in
 * an ellipsis when cut; never splits a surrogate pair.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length + ELLIPSIS.length > max) break;
    kept += char;
  }
  return kept + ELLIPSIS;
}

/**
 * `text` escaped by `escape` and no longer than `max` once escaped; cut before escaping so no
 * entity is split, keeping as much as fits (escaped text grows, so the cut is searched for).
 */
export function fitEscaped(text: string, max: number, escape: (raw: string) => string): string {
  const fits = (keep: number) => escape(truncateText(text, keep)).length <= max;
  if (fits(text.length)) return escape(text);
  let low = 0;
  let high = text.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return escape(truncateText(text, low));
}

/** Escapes the three characters Slack mrkdwn and Telegram HTML treat as markup. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
