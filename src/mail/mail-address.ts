// Email addresses as Vigil accepts them: one plain `local@domain`, checked by a pragmatic
// validator rather than the full RFC 5322 grammar. The full grammar allows quoted local parts,
// comments and folding whitespace, none of which a status page needs and all of which are ways
// to smuggle text into a header; so they are refused, and what passes can go into To/From and
// the SMTP envelope as it is.
//
// Refused, each with its own message:
// - anything that is not a string, empty, or longer than 254 characters (RFC 5321 path limit);
// - control characters (CR, LF, TAB, NUL, DEL ...) and any whitespace inside: no header injection;
// - display names, angle brackets, quotes, comments (parentheses), commas, semicolons,
//   backslashes: one address, nothing around it (use parseMailbox for `Name <address>`);
// - a local part longer than 64 characters, or with characters outside the RFC 5322 dot-atom
//   set, or with a leading, trailing or doubled dot;
// - non-ASCII anywhere (SMTPUTF8 is not universally supported; write IDN domains as xn--);
// - a domain without a dot (`root@localhost`), an address literal (`a@[10.0.0.1]`), labels
//   longer than 63 characters or starting or ending with a hyphen.
// The domain is lower-cased (domains are case-insensitive); the local part is kept as written.

export type AddressCheck = { ok: true; address: string } | { ok: false; message: string };

export interface Mailbox {
  /** Display name, free of control characters; absent for a bare address. */
  name?: string;
  address: string;
}

export type MailboxCheck = { ok: true; mailbox: Mailbox } | { ok: false; message: string };

export const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const MAX_LABEL_LENGTH = 63;
export const MAX_DISPLAY_NAME_LENGTH = 100;

// Control characters of C0 and C1, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export function parseMailAddress(value: unknown): AddressCheck {
  if (typeof value !== 'string') return fail('must be an email address (text)');
  if (CONTROL.test(value)) return fail('must not contain control characters or line breaks');
  const address = value.trim();
  if (address === '') return fail('must not be empty');
  if (address.length > MAX_ADDRESS_LENGTH) {
    return fail(`must be at most ${MAX_ADDRESS_LENGTH} characters`);
  }
  if (/\s/.test(address)) return fail('must not contain spaces');
  if (/[<>]/.test(address)) {
    return fail('must be a plain address like ops@example.com, without a name or <>');
  }
  if (/["()\\,;:[\]]/.test(address)) {
    return fail('must not contain quotes, comments, brackets, commas, colons or semicolons');
  }
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(address)) {
    return fail('must be ASCII (write international domains as xn--)');
  }
  const at = address.lastIndexOf('@');
  if (at < 0) return fail('must contain @, like ops@example.com');
  if (address.indexOf('@') !== at) return fail('must contain exactly one @');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (local === '') return fail('must have a name before the @');
  if (local.length > MAX_LOCAL_LENGTH) {
    return fail(`must have at most ${MAX_LOCAL_LENGTH} characters before the @`);
  }
  if (!local.split('.').every((atom) => LOCAL_ATOM.test(atom))) {
    return fail('has an invalid part before the @ (no leading, trailing or double dots)');
  }
  if (domain === '') return fail('must have a domain after the @');
  const labels = domain.split('.');
  if (labels.length < 2) return fail('must have a domain with a dot, like example.com');
  for (const label of labels) {
    if (label.length > MAX_LABEL_LENGTH || !DOMAIN_LABEL.test(label)) {
      return fail(`has an invalid domain ${JSON.stringify(domain)}`);
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) {
    return fail('must have a domain name, not an IP address');
  }
  return { ok: true, address: `${local}@${domain}` };
}

/**
 * A mailbox for a From header: `Name <local@domain>`, `"Name, Inc" <local@domain>` or a bare
 * address. The name may not contain control characters, quotes, `<` or `>`, so it can be written
 * into a header (nodemailer encodes it) without any way to end the header early.
 */
export function parseMailbox(value: unknown): MailboxCheck {
  if (typeof value !== 'string') return { ok: false, message: 'must be an email address (text)' };
  if (CONTROL.test(value)) {
    return { ok: false, message: 'must not contain control characters or line breaks' };
  }
  const text = value.trim();
  const open = text.indexOf('<');
  if (open < 0) {
    const bare = parseMailAddress(text);
    return bare.ok ? { ok: true, mailbox: { address: bare.address } } : bare;
  }
  if (
    !text.endsWith('>') ||
    text.indexOf('<', open + 1) >= 0 ||
    text.indexOf('>') !== text.length - 1
  ) {
    return { ok: false, message: 'must look like Name <address@example.com>' };
  }
  const inner = parseMailAddress(text.slice(open + 1, -1));
  if (!inner.ok) return inner;
  let name = text.slice(0, open).trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"'))
    name = name.slice(1, -1).trim();
  if (name.includes('"') || name.includes('\\')) {
    return { ok: false, message: 'the name must not contain quotes or backslashes' };
  }
  if (name.length > MAX_DISPLAY_NAME_LENGTH) {
    return { ok: false, message: `the name must be at most ${MAX_DISPLAY_NAME_LENGTH} characters` };
  }
  return {
    ok: true,
    mailbox: name === '' ? { address: inner.address } : { name, address: inner.address },
  };
}

/** The mailbox as a header value would show it (for messages and docs, not for sending). */
export function formatMailbox(mailbox: Mailbox): string {
  return mailbox.name ? `${mailbox.name} <${mailbox.address}>` : mailbox.address;
}

function fail(message: string): AddressCheck {
  return { ok: false, message };
}

/** Whether `addresses` holds `address`, in any case (as the recipient lists of a delivery). */
export function hasAddress(addresses: readonly string[], address: string): boolean {
  const wanted = address.toLowerCase();
  return addresses.some((known) => known.toLowerCase() === wanted);
}
