// Sending mail over SMTP with nodemailer: the connection settings (parsed from one URL, the form
// operators write in VIGIL_SMTP_URL or a channel's smtp_url), and a sender on a pooled
// transport that reports each message as an outcome the notifier can log and retry.
//
// Security modes:
// - `tls`: TLS from the first byte (smtps://, usually port 465).
// - `starttls`: plain connect, upgraded with STARTTLS when the server offers it (smtp://, usually
//   587). With a user name the upgrade is required (nodemailer requireTLS), so a password never
//   crosses the network in clear; a server without STARTTLS then fails with an error.
// - `none`: never upgrade (`?security=none`), for a relay on localhost or a private network. A
//   password is then sent in clear, which the operator chose by writing it.
//
// The password never appears in an outcome's error or a log line: errors are built from the
// SMTP reply and nodemailer's message, and scrubbed of the password in every encoding AUTH uses.
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { isHeaderName, safeHeaderText, type MailMessage } from './mail-message.js';

export type SmtpSecurity = 'tls' | 'starttls' | 'none';

export interface SmtpSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  username?: string;
  password?: string;
}

export interface MailOutcome {
  ok: boolean;
  /** The SMTP reply code (250 on success, 550 for an unknown mailbox ...), null without a reply. */
  statusCode: number | null;
  /** Why it failed; never contains the password. */
  error: string | null;
  /**
   * The server refused for good (a 5xx reply): sending it again will fail again. A 4xx reply,
   * a timeout or a lost connection is temporary (false).
   */
  permanent?: boolean;
}

export interface MailSender {
  send(message: MailMessage, signal: AbortSignal): Promise<MailOutcome>;
  /** Closes the pooled connections; sends after this fail. */
  close(): void;
}

export interface SmtpSenderOptions {
  /** Connections kept open to the server at most (default 5). */
  maxConnections?: number;
  /** Messages one connection carries before it reconnects (default 100). */
  maxMessages?: number;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

export class SmtpUrlError extends Error {
  override name = 'SmtpUrlError';
}

const SECURITY_VALUES: readonly SmtpSecurity[] = ['tls', 'starttls', 'none'];

/**
 * Reads `smtp://[user[:password]@]host[:port][?security=starttls|none|tls]` or
 * `smtps://[user[:password]@]host[:port]`. User and password are percent-decoded. Errors say what
 * is wrong without repeating the URL (it may hold a password).
 */
export function parseSmtpUrl(value: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new SmtpUrlError('must be a URL like smtp://user:password@mail.example.com:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new SmtpUrlError('must start with smtp:// or smtps://');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '')
    throw new SmtpUrlError('must name the mail server, e.g. smtp://mail.example.com');
  if (url.pathname !== '' && url.pathname !== '/') {
    throw new SmtpUrlError('must not have a path (only smtp://host:port?security=...)');
  }
  let security: SmtpSecurity = url.protocol === 'smtps:' ? 'tls' : 'starttls';
  for (const [key, raw] of url.searchParams) {
    if (key !== 'security') {
      throw new SmtpUrlError(`has an unknown option ${JSON.stringify(key)}; it takes security`);
    }
    if (!SECURITY_VALUES.includes(raw as SmtpSecurity)) {
      throw new SmtpUrlError('security must be tls, starttls or none');
    }
    security = raw as SmtpSecurity;
  }
  if (url.protocol === 'smtps:' && security !== 'tls') {
    throw new SmtpUrlError('smtps:// always uses TLS; use smtp:// for starttls or none');
  }
  const port = url.port === '' ? (security === 'tls' ? 465 : 587) : Number(url.port);
  const settings: SmtpSettings = { host, port, security };
  try {
    if (url.username !== '') settings.username = decodeURIComponent(url.username);
    if (url.password !== '') settings.password = decodeURIComponent(url.password);
  } catch {
    throw new SmtpUrlError('has a user name or password that is not valid percent-encoding');
  }
  if (settings.password !== undefined && settings.username === undefined) {
    throw new SmtpUrlError('has a password but no user name');
  }
  return settings;
}

/** The settings without the password, for logs and messages. */
export function describeSmtp(settings: SmtpSettings): string {
  const user = settings.username ? `${settings.username}@` : '';
  return `${settings.security === 'tls' ? 'smtps' : 'smtp'}://${user}${settings.host}:${settings.port} (${settings.security})`;
}

/** One key per distinct settings, so a cache holds one pooled transport per server and login. */
export function smtpSettingsKey(settings: SmtpSettings): string {
  return JSON.stringify([
    settings.host.toLowerCase(),
    settings.port,
    settings.security,
    settings.username ?? null,
    settings.password ?? null,
  ]);
}

export function smtpSender(settings: SmtpSettings, options: SmtpSenderOptions = {}): MailSender {
  const transportOptions: SMTPPool.Options = {
    pool: true,
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    ignoreTLS: settings.security === 'none',
    requireTLS: settings.security === 'starttls' && settings.username !== undefined,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: options.maxMessages ?? 100,
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.greetingTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
    // Messages are built from Vigil's own strings: never let content make nodemailer read files
    // or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    debug: false,
  };
  if (settings.username !== undefined) {
    transportOptions.auth = { user: settings.username, pass: settings.password ?? '' };
  }
  const transport: Transporter<SMTPPool.SentMessageInfo> =
    nodemailer.createTransport(transportOptions);
  const secrets = secretForms(settings);
  let closed = false;

  return {
    async send(message, signal) {
      if (closed) return { ok: false, statusCode: null, error: 'the mail sender is closed' };
      if (signal.aborted) return aborted();
      const sending = transport.sendMail(toNodemailer(message)).then(
        (info): MailOutcome => ({
          ok: true,
          statusCode: replyCode(info.response) ?? 250,
          error: null,
        }),
        (error: unknown): MailOutcome => failureOf(error, secrets),
      );
      let onAbort: (() => void) | undefined;
      const abortedPromise = new Promise<MailOutcome>((resolve) => {
        onAbort = () => resolve(aborted());
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        // An aborted send may still complete on its connection (bounded by socketTimeout); the
        // notifier then retries it, and the same Message-ID lets the mailbox drop the copy.
        return await Promise.race([sending, abortedPromise]);
      } finally {
        if (onAbort) signal.removeEventListener('abort', onAbort);
      }
    },
    close() {
      closed = true;
      transport.close();
    },
  };
}

function toNodemailer(message: MailMessage): SendMailOptions {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!isHeaderName(name)) throw new Error(`invalid mail header name ${JSON.stringify(name)}`);
    headers[name] = safeHeaderText(value);
  }
  const name = message.from.name === undefined ? '' : safeHeaderText(message.from.name, 100);
  return {
    from: name === '' ? message.from.address : { name, address: message.from.address },
    to: message.to,
    // The envelope names exactly the checked addresses: nothing parsed out of headers.
    envelope: { from: message.from.address, to: [message.to] },
    subject: safeHeaderText(message.subject),
    text: message.text,
    html: message.html,
    headers,
    ...(message.messageId ? { messageId: `<${safeHeaderText(message.messageId)}>` } : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

function aborted(): MailOutcome {
  return { ok: false, statusCode: null, error: 'the send was aborted (timeout or shutdown)' };
}

interface NodemailerError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
}

function failureOf(error: unknown, secrets: string[]): MailOutcome {
  const e = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  const statusCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const base = (e.message ?? String(error)).trim();
  const text = e.code && !base.includes(e.code) ? `${e.code}: ${base}` : base;
  return {
    ok: false,
    statusCode,
    error: scrub(text, secrets),
    permanent: statusCode !== null && statusCode >= 500 && statusCode < 600,
  };
}

function replyCode(response: string | undefined): number | null {
  const match = /^(\d{3})/.exec(response ?? '');
  return match ? Number(match[1]) : null;
}

/** The password as AUTH PLAIN/LOGIN would carry it, plus as written, so none can leak. */
function secretForms(settings: SmtpSettings): string[] {
  const password = settings.password;
  if (!password) return [];
  const user = settings.username ?? '';
  return [
    password,
    encodeURIComponent(password),
    Buffer.from(password).toString('base64'),
    Buffer.from(`\u0000${user}\u0000${password}`).toString('base64'),
  ].filter((form) => form.length >= 3);
}

function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}
