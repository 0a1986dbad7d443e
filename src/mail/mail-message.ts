// One email as Vigil sends it (channel alerts and subscriber mail alike), and the rule that keeps
// header text safe. Subjects and display names come from things people type (monitor and
// incident names); a CR or LF in them must never start a new header. nodemailer encodes header
// values too, but Vigil does not rely on that alone: every header value passes safeHeaderText.
import type { Mailbox } from './mail-address.js';

export interface MailMessage {
  from: { name?: string; address: string };
  /** One address, already checked by parseMailAddress. */
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. Vigil-Event-Id; names must be header tokens, values pass safeHeaderText. */
  headers?: Record<string, string>;
  /** The Message-ID without angle brackets, e.g. `evt-1.x@vigil`; generated when absent. */
  messageId?: string;
}

export type { Mailbox };

// C0 and C1 control characters (CR, LF, TAB, NUL ...), DEL, and the Unicode line separators.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** RFC 5322 caps a line at 998 characters; a header value stays well below that. */
export const MAX_HEADER_TEXT = 900;

/**
 * Text safe for a header: every run of control characters and line breaks becomes one space,
 * runs of spaces collapse, ends are trimmed, and the result is cut at `maxLength` (with "…").
 */
export function safeHeaderText(value: string, maxLength = MAX_HEADER_TEXT): string {
  const flat = value.replace(UNSAFE, ' ').replace(/ {2,}/g, ' ').trim();
  return flat.length <= maxLength ? flat : `${flat.slice(0, Math.max(0, maxLength - 1))}…`;
}

/** A header name nodemailer may write as is (RFC 5322 field name: printable ASCII, no colon). */
export function isHeaderName(name: string): boolean {
  return /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,76}$/.test(name);
}
