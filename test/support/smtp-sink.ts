// A local SMTP server for mail tests and benches (smtp-server on 127.0.0.1, no TLS): records
// every message it accepts, parsed with mailparser together with its SMTP envelope, optionally
// requires a login, and refuses recipients with the SMTP code a test chooses (always, or once).
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkEnvelope {
  mailFrom: string;
  rcptTo: string[];
}

export type SinkMessage = ParsedMail & { envelope: SinkEnvelope; user: string | null };

export interface SmtpSinkOptions {
  /** Refuse MAIL FROM until the client logs in with exactly these. */
  requireAuth?: { user: string; pass: string };
  /** Return an SMTP code (e.g. 550, 450) to refuse a recipient, or 0/undefined to accept it. */
  rejectRecipients?: (rcpt: string) => number | undefined;
  /** Offer STARTTLS (with smtp-server's built-in self-signed certificate); default off. */
  starttls?: boolean;
  /** Parse and keep message bodies (default true); a bench can keep only envelopes. */
  parse?: boolean;
}

export interface SmtpSink {
  host: '127.0.0.1';
  port: number;
  /**
   * smtp://127.0.0.1:PORT: STARTTLS is not offered, so a sender without a login connects in clear;
   * with a login add ?security=none (see mail/smtp-sender.ts).
   */
  url: string;
  messages(): SinkMessage[];
  /** How many messages were accepted (also when parse is off). */
  count(): number;
  /** When the last message was accepted (Date.now()), or null before the first. */
  lastAt(): number | null;
  /** Refuses the next RCPT TO of `address` (any case) with `code` (e.g. 451), then accepts it. */
  refuseOnce(address: string, code: number): void;
  /** Resolves with the first message (already received or to come) matching `predicate`. */
  waitFor(predicate: (message: SinkMessage) => boolean, timeoutMs: number): Promise<SinkMessage>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: SinkMessage[] = [];
  const waiters = new Set<(message: SinkMessage) => void>();
  const parse = options.parse ?? true;
  const refuseOnce = new Map<string, number>();
  let accepted = 0;
  let lastAt: number | null = null;

  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    authOptional: !options.requireAuth,
    allowInsecureAuth: true,
    logger: false,
    banner: 'Vigil test sink',
    closeTimeout: 200,
    size: 10 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      const required = options.requireAuth;
      if (!required || (auth.username === required.user && auth.password === required.pass)) {
        callback(null, { user: auth.username ?? 'anonymous' });
        return;
      }
      callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const once = refuseOnce.get(address.address.toLowerCase());
      refuseOnce.delete(address.address.toLowerCase());
      const code = once ?? options.rejectRecipients?.(address.address);
      if (code) {
        callback(
          Object.assign(new Error(`Recipient ${address.address} refused`), { responseCode: code }),
        );
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const envelope: SinkEnvelope = {
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
      };
      const user = typeof session.user === 'string' ? session.user : null;
      if (!parse) {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          accepted += 1;
          lastAt = Date.now();
          callback();
        });
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          const message: SinkMessage = Object.assign(parsed, { envelope, user });
          received.push(message);
          accepted += 1;
          lastAt = Date.now();
          for (const waiter of [...waiters]) waiter(message);
          callback();
        },
        (error: unknown) => callback(error as Error),
      );
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages: () => [...received],
    count: () => accepted,
    lastAt: () => lastAt,
    refuseOnce(address, code) {
      refuseOnce.set(address.toLowerCase(), code);
    },
    waitFor(predicate, timeoutMs) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(`no matching mail within ${timeoutMs} ms (${received.length} received)`),
          );
        }, timeoutMs);
        const waiter = (message: SinkMessage): void => {
          if (!predicate(message)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(message);
        };
        waiters.add(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
