// The one validated configuration object, read from the environment at start; `*_FILE` variants
// read secrets from files (Docker/Kubernetes secrets). Nothing else in Vigil reads process.env.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isIP } from 'node:net';
import { parseMailbox, type Mailbox } from '../mail/mail-address.js';
import { parseSmtpUrl, type SmtpSettings } from '../mail/smtp-sender.js';
import { SECRET_KEY_HINT, parseSecretKey } from './secret-key-format.js';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface VigilConfig {
  host: string;
  port: number;
  /** Where the embedded database, control socket and local files live. */
  dataDir: string;
  /** PostgreSQL connection string; unset means the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  /** Redis for state shared by web instances (rate limits, page snapshots); unset: none. */
  redisUrl: string | undefined;
  /** After the database has been unreachable this long, public pages say they may be out of date. */
  staleAfterMs: number;
  /** Public URL of this Vigil, used in feeds, shortlinks and the page `url` field. */
  baseUrl: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  logLevel: LogLevel;
  /** Trust X-Forwarded-* only from these proxies (addresses/CIDRs), or none when empty. */
  trustProxy: string[];
  /** Mark cookies Secure: true when baseUrl is https, unless overridden. */
  secureCookies: boolean;
  sessionTtlMs: number;
  bodyLimitBytes: number;
  loginRateLimitPerMinute: number;
  apiRateLimitPerMinute: number;
  /** Longest wait for the shared rate counters before a request is counted in memory. */
  rateLimitTimeoutMs: number;
  /** How long public pages and JSON may be cached by browsers and CDNs. */
  publicCacheSeconds: number;
  /** Number of connections in the PostgreSQL pool. */
  databasePoolSize: number;
  /** Days raw check results are kept (whole UTC days); rollups are kept 400 days regardless. */
  retentionDays: number;
  /** Days finished notification deliveries and processed outbox rows are kept. */
  notificationRetentionDays: number;
  /** Probe and evaluator counters are logged this often; 0 turns it off. */
  statsLogMs: number;
  /** Batches of monitors one evaluator evaluates at once (each holds a database connection). */
  evaluatorConcurrency: number;
  /** On SIGTERM, web keeps serving this long with /readyz failing before it stops accepting. */
  drainMs: number;
  /**
   * Web: the heartbeat period probe agents are asked for; an agent's timeout (2.2 heartbeats)
   * and hand-off margin follow from it (see ProbeTiming).
   */
  probeHeartbeatMs: number;
  /** Settings of `vigil serve --role probe`; command-line options take precedence. */
  probe: ProbeConfig;
  /**
   * The 32-byte key that encrypts channel secrets at rest. Unset: generated into DATA_DIR on the
   * embedded database; on PostgreSQL, secrets are refused (see services/secret-key-file.ts).
   */
  secretKey: Buffer | undefined;
  /** Keys that may still decrypt channel secrets while they are rotated to `secretKey`. */
  previousSecretKeys: Buffer[];
  notifier: NotifierConfig;
  /** System mail: the SMTP server and sender email channels and subscriber mail use by default. */
  mail: MailConfig;
  /** The public subscribe form (see docs/notifications.md, Subscribers). */
  subscribers: SubscribersConfig;
}

export interface SubscribersConfig {
  /** Let webhook subscriptions reach loopback and private addresses (tests, closed networks). */
  webhookAllowPrivate: boolean;
  /** Sign-up attempts per hour per client address. */
  signupsPerIpPerHour: number;
  /** Confirmation mails per address per 24 hours. */
  mailsPerAddressPerDay: number;
}

export interface MailConfig {
  /** VIGIL_SMTP_URL; unset: no system SMTP server (email channels need their own smtp_url). */
  smtp: SmtpSettings | undefined;
  /** VIGIL_MAIL_FROM, default `Vigil <vigil@HOST of VIGIL_BASE_URL>`. */
  from: Mailbox;
}

export interface NotifierConfig {
  /** Deliveries sent at once by one notifier. */
  concurrency: number;
  /** Longest a single delivery attempt may take. */
  timeoutMs: number;
  /** Attempts before a delivery is dead-lettered. */
  maxAttempts: number;
  /** Wait before the first retry; doubles per attempt, with jitter, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export interface ProbeConfig {
  region: string | undefined;
  /** Base URL of the web service the probe reports to. */
  serverUrl: string | undefined;
  token: string | undefined;
  /** Checks running at once. */
  concurrency: number;
  /** Where results wait while web is unreachable. */
  bufferDir: string;
}

type Env = Record<string, string | undefined>;

/** Every variable with its default and meaning; the README table is generated from this list. */
export const ENVIRONMENT_VARIABLES: ReadonlyArray<{
  name: string;
  default: string;
  description: string;
}> = [
  {
    name: 'HOST',
    default: '127.0.0.1',
    description: 'Address the HTTP server binds to (0.0.0.0 in containers).',
  },
  { name: 'PORT', default: '3000', description: 'HTTP port.' },
  {
    name: 'DATA_DIR',
    default: './data',
    description: 'Embedded database files and the CLI control socket.',
  },
  {
    name: 'DATABASE_URL',
    default: '(unset: embedded PGlite)',
    description:
      'PostgreSQL connection string, e.g. postgres://user@host:5432/vigil. `DATABASE_URL_FILE` reads it from a file.',
  },
  { name: 'DATABASE_POOL_SIZE', default: '10', description: 'PostgreSQL connections per process.' },
  {
    name: 'REDIS_URL',
    default: '(unset: no Redis)',
    description:
      'Redis for the web role, e.g. redis://127.0.0.1:6379/0: rate-limit counters and page snapshots shared by every web instance (without it, counters are shared through PostgreSQL and each instance builds its own snapshots). `REDIS_URL_FILE` reads it from a file.',
  },
  {
    name: 'VIGIL_STALE_AFTER_SECONDS',
    default: '60',
    description:
      'Once the database has been unreachable this long, public pages (still served from the last snapshot) say they may be out of date and public JSON carries `X-Vigil-Stale: 1`.',
  },
  {
    name: 'VIGIL_BASE_URL',
    default: 'http://HOST:PORT',
    description: 'Public URL of the status site, used in feeds, links and the API.',
  },
  {
    name: 'VIGIL_ADMIN_EMAIL',
    default: '(unset)',
    description: 'With VIGIL_ADMIN_PASSWORD: admin created at start when no user exists.',
  },
  {
    name: 'VIGIL_ADMIN_PASSWORD',
    default: '(unset)',
    description:
      'Password of that admin (at least 10 characters). `VIGIL_ADMIN_PASSWORD_FILE` reads it from a file.',
  },
  {
    name: 'VIGIL_TRUST_PROXY',
    default: '(empty: trust none)',
    description:
      'Comma-separated addresses/CIDRs of reverse proxies whose X-Forwarded-* headers are believed.',
  },
  {
    name: 'VIGIL_SECURE_COOKIES',
    default: 'true when VIGIL_BASE_URL is https',
    description: 'Send cookies with the Secure flag.',
  },
  { name: 'VIGIL_SESSION_TTL_HOURS', default: '168', description: 'Admin session lifetime.' },
  {
    name: 'VIGIL_BODY_LIMIT_BYTES',
    default: '1048576',
    description: 'Largest accepted request body; larger ones get 413.',
  },
  {
    name: 'VIGIL_LOGIN_RATE_LIMIT',
    default: '10',
    description: 'Login and setup attempts per minute per client address.',
  },
  {
    name: 'VIGIL_API_RATE_LIMIT',
    default: '600',
    description: 'Management API requests per minute per client address.',
  },
  {
    name: 'VIGIL_RATE_LIMIT_TIMEOUT_MS',
    default: '500',
    description:
      'How long a request waits for the shared rate-limit counters (Redis or PostgreSQL) before counting in this instance alone (50-10000).',
  },
  {
    name: 'VIGIL_PUBLIC_CACHE_SECONDS',
    default: '10',
    description: 'Cache-Control max-age of public pages and JSON (CDN friendly).',
  },
  {
    name: 'VIGIL_PROBE_REGION',
    default: '(unset)',
    description: 'Probe role: region this agent checks from (same as `--region`).',
  },
  {
    name: 'VIGIL_PROBE_SERVER',
    default: '(unset)',
    description: 'Probe role: URL of the web service to report to (same as `--server`).',
  },
  {
    name: 'VIGIL_PROBE_TOKEN',
    default: '(unset)',
    description:
      'Probe role: token from `vigil probe-token create` (same as `--token`). `VIGIL_PROBE_TOKEN_FILE` reads it from a file.',
  },
  {
    name: 'VIGIL_PROBE_CONCURRENCY',
    default: '64',
    description: 'Probe role: checks running at once; further due checks wait their turn.',
  },
  {
    name: 'VIGIL_PROBE_BUFFER_DIR',
    default: 'DATA_DIR/probe-buffer',
    description: 'Probe: where results wait on disk while web is unreachable.',
  },
  {
    name: 'VIGIL_PROBE_HEARTBEAT_SECONDS',
    default: '5',
    description:
      'Web: how often probe agents heartbeat. An agent silent for 2.2 heartbeats is dead and its monitors move to the other agents of its region.',
  },
  {
    name: 'VIGIL_RETENTION_DAYS',
    default: '14',
    description:
      'Days raw check results are kept (dropped a whole day at a time); hourly and daily rollups are kept 400 days.',
  },
  {
    name: 'VIGIL_NOTIFICATION_RETENTION_DAYS',
    default: '30',
    description:
      'Days delivered and dead notification deliveries (with their attempt log) and processed outbox events are kept; pending ones are never deleted.',
  },
  {
    name: 'VIGIL_EVALUATOR_CONCURRENCY',
    default: '2',
    description:
      'Batches (of up to 200 monitors, one transaction each) one evaluator evaluates at once; keep it below DATABASE_POOL_SIZE.',
  },
  {
    name: 'VIGIL_STATS_LOG_SECONDS',
    default: '60',
    description:
      'How often the probe and the evaluator log their counters (checks, lateness, backlog); 0 turns it off.',
  },
  {
    name: 'VIGIL_DRAIN_SECONDS',
    default: '0',
    description:
      'On SIGTERM, web keeps serving this long while /readyz fails and every response says Connection: close, so a load balancer with active health checks (Kubernetes, cloud LBs) stops sending traffic before the port closes; then it finishes requests in flight and exits.',
  },
  {
    name: 'VIGIL_SECRET_KEY',
    default: '(unset: generated into DATA_DIR/secret.key on the embedded database)',
    description:
      'Key that encrypts channel secrets in the database (AES-256-GCM): 32 random bytes as base64 or hex (`openssl rand -base64 32`). Required on PostgreSQL to store channel secrets; keep it safe, stored secrets cannot be read without it. `VIGIL_SECRET_KEY_FILE` reads it from a file.',
  },
  {
    name: 'VIGIL_SECRET_KEY_PREVIOUS',
    default: '(unset)',
    description:
      'Keys that can still decrypt channel secrets while they are rotated to VIGIL_SECRET_KEY (comma-separated, same format); new secrets always use VIGIL_SECRET_KEY. Run `vigil secrets rotate`, then remove them (docs/notifications.md, "Rotating the secret key"). `VIGIL_SECRET_KEY_PREVIOUS_FILE` reads them from a file.',
  },
  {
    name: 'VIGIL_NOTIFIER_CONCURRENCY',
    default: '16',
    description:
      'Notifier: deliveries one notifier sends at once; at most a quarter of them (at least 1) to the same channel, so a slow receiver cannot hold up the others.',
  },
  {
    name: 'VIGIL_NOTIFIER_TIMEOUT_SECONDS',
    default: '10',
    description: 'Notifier: how long one delivery attempt may take before it counts as failed.',
  },
  {
    name: 'VIGIL_NOTIFIER_MAX_ATTEMPTS',
    default: '10',
    description: 'Notifier: attempts per delivery before it is dead-lettered.',
  },
  {
    name: 'VIGIL_NOTIFIER_RETRY_SECONDS',
    default: '10',
    description:
      'Notifier: wait before the first retry; it doubles with each attempt (with random jitter) up to VIGIL_NOTIFIER_RETRY_MAX_SECONDS.',
  },
  {
    name: 'VIGIL_NOTIFIER_RETRY_MAX_SECONDS',
    default: '3600',
    description: 'Notifier: longest wait between two attempts of a delivery.',
  },
  {
    name: 'VIGIL_SMTP_URL',
    default: '(unset: no system mail)',
    description:
      'SMTP server for email channels without their own smtp_url and for subscriber mail: `smtp://user:password@host:587` (STARTTLS when offered, required with a password), `smtps://user:password@host:465` (TLS), `smtp://host:25?security=none` (never TLS). `VIGIL_SMTP_URL_FILE` reads it from a file.',
  },
  {
    name: 'VIGIL_MAIL_FROM',
    default: 'Vigil <vigil@HOST of VIGIL_BASE_URL>',
    description:
      "Sender of Vigil's mail, `Name <address>` or an address (an email channel may set its own `from`).",
  },
  {
    name: 'VIGIL_SUBSCRIBE_RATE_LIMIT',
    default: '10',
    description:
      'Subscribe form: sign-ups per hour per client address (on top of the ALTCHA proof of work).',
  },
  {
    name: 'VIGIL_SUBSCRIBE_MAILS_PER_ADDRESS',
    default: '3',
    description:
      'Subscribe form: confirmation mails one email address is sent per 24 hours, however often it is entered.',
  },
  {
    name: 'VIGIL_SUBSCRIBER_WEBHOOK_ALLOW_PRIVATE',
    default: 'false',
    description:
      'Let webhook subscriptions POST to loopback and private addresses. Off, the public cannot make Vigil call hosts of its own network (SSRF).',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    description: 'fatal, error, warn, info, debug, trace or silent.',
  },
];

export function loadConfig(env: Env = process.env): VigilConfig {
  const host = env.HOST?.trim() || '127.0.0.1';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const baseUrl = stripSlash(
    url(env, 'VIGIL_BASE_URL') ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
  );
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      'must be one of fatal, error, warn, info, debug, trace, silent',
    );
  }
  const adminEmail = env.VIGIL_ADMIN_EMAIL?.trim() || undefined;
  const adminPassword = secret(env, 'VIGIL_ADMIN_PASSWORD');
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    throw new ConfigError(
      adminEmail ? 'VIGIL_ADMIN_PASSWORD' : 'VIGIL_ADMIN_EMAIL',
      'set both VIGIL_ADMIN_EMAIL and VIGIL_ADMIN_PASSWORD, or neither',
    );
  }
  const databaseUrl = secret(env, 'DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  const redisUrl = secret(env, 'REDIS_URL')?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');
  }
  const dataDir = resolve(env.DATA_DIR?.trim() || './data');
  return {
    host,
    port,
    dataDir,
    databaseUrl,
    redisUrl,
    staleAfterMs: integer(env, 'VIGIL_STALE_AFTER_SECONDS', 60, 1, 86_400) * 1000,
    baseUrl,
    adminEmail,
    adminPassword,
    logLevel,
    trustProxy: (env.VIGIL_TRUST_PROXY ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    secureCookies: boolean(env, 'VIGIL_SECURE_COOKIES', baseUrl.startsWith('https://')),
    sessionTtlMs: integer(env, 'VIGIL_SESSION_TTL_HOURS', 168, 1, 24 * 365) * 3_600_000,
    bodyLimitBytes: integer(env, 'VIGIL_BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    loginRateLimitPerMinute: integer(env, 'VIGIL_LOGIN_RATE_LIMIT', 10, 1, 10_000),
    apiRateLimitPerMinute: integer(env, 'VIGIL_API_RATE_LIMIT', 600, 1, 1_000_000),
    rateLimitTimeoutMs: integer(env, 'VIGIL_RATE_LIMIT_TIMEOUT_MS', 500, 50, 10_000),
    publicCacheSeconds: integer(env, 'VIGIL_PUBLIC_CACHE_SECONDS', 10, 0, 86_400),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    probe: {
      region: env.VIGIL_PROBE_REGION?.trim() || undefined,
      serverUrl: url(env, 'VIGIL_PROBE_SERVER'),
      token: secret(env, 'VIGIL_PROBE_TOKEN')?.trim() || undefined,
      concurrency: integer(env, 'VIGIL_PROBE_CONCURRENCY', 64, 1, 10_000),
      bufferDir: resolve(env.VIGIL_PROBE_BUFFER_DIR?.trim() || resolve(dataDir, 'probe-buffer')),
    },
    retentionDays: integer(env, 'VIGIL_RETENTION_DAYS', 14, 1, 3650),
    notificationRetentionDays: integer(env, 'VIGIL_NOTIFICATION_RETENTION_DAYS', 30, 1, 3650),
    statsLogMs: integer(env, 'VIGIL_STATS_LOG_SECONDS', 60, 0, 86_400) * 1000,
    evaluatorConcurrency: integer(env, 'VIGIL_EVALUATOR_CONCURRENCY', 2, 1, 1000),
    drainMs: integer(env, 'VIGIL_DRAIN_SECONDS', 0, 0, 3600) * 1000,
    probeHeartbeatMs: integer(env, 'VIGIL_PROBE_HEARTBEAT_SECONDS', 5, 1, 60) * 1000,
    secretKey: secretKey(env),
    previousSecretKeys: previousSecretKeys(env),
    notifier: notifierConfig(env),
    mail: mailConfig(env, baseUrl),
    subscribers: {
      webhookAllowPrivate: boolean(env, 'VIGIL_SUBSCRIBER_WEBHOOK_ALLOW_PRIVATE', false),
      signupsPerIpPerHour: integer(env, 'VIGIL_SUBSCRIBE_RATE_LIMIT', 10, 1, 100_000),
      mailsPerAddressPerDay: integer(env, 'VIGIL_SUBSCRIBE_MAILS_PER_ADDRESS', 3, 1, 100),
    },
  };
}

function mailConfig(env: Env, baseUrl: string): MailConfig {
  const raw = secret(env, 'VIGIL_SMTP_URL')?.trim() || undefined;
  let smtp: SmtpSettings | undefined;
  if (raw !== undefined) {
    try {
      smtp = parseSmtpUrl(raw);
    } catch (error) {
      // The URL may hold a password: the message says what is wrong, never the value.
      throw new ConfigError(
        env.VIGIL_SMTP_URL_FILE ? 'VIGIL_SMTP_URL_FILE' : 'VIGIL_SMTP_URL',
        (error as Error).message,
      );
    }
  }
  const fromRaw = env.VIGIL_MAIL_FROM?.trim();
  if (!fromRaw) return { smtp, from: { name: 'Vigil', address: `vigil@${mailDomain(baseUrl)}` } };
  const from = parseMailbox(fromRaw);
  if (!from.ok) throw new ConfigError('VIGIL_MAIL_FROM', from.message);
  return { smtp, from: from.mailbox };
}

/** The base URL's host as a mail domain; an IP address (no mail domain) falls back to localhost. */
function mailDomain(baseUrl: string): string {
  const host = new URL(baseUrl).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === '' || isIP(host) !== 0 ? 'localhost' : host;
}

function secretKey(env: Env): Buffer | undefined {
  const raw = secret(env, 'VIGIL_SECRET_KEY');
  if (raw === undefined) return undefined;
  const key = parseSecretKey(raw);
  if (!key) {
    // The value itself is a secret: never echo it.
    throw new ConfigError(
      env.VIGIL_SECRET_KEY_FILE ? 'VIGIL_SECRET_KEY_FILE' : 'VIGIL_SECRET_KEY',
      `must be 32 bytes written as base64 or 64 hex digits (${SECRET_KEY_HINT})`,
    );
  }
  return key;
}

function previousSecretKeys(env: Env): Buffer[] {
  const raw = secret(env, 'VIGIL_SECRET_KEY_PREVIOUS');
  if (raw === undefined) return [];
  const variable = env.VIGIL_SECRET_KEY_PREVIOUS_FILE
    ? 'VIGIL_SECRET_KEY_PREVIOUS_FILE'
    : 'VIGIL_SECRET_KEY_PREVIOUS';
  // Base64 and hex have no commas or spaces, so either separates keys (a file may list one a line).
  const texts = raw.split(/[,\s]+/).filter((text) => text !== '');
  return texts.map((text, index) => {
    const key = parseSecretKey(text);
    // Like VIGIL_SECRET_KEY's, the value is a secret: say which key is wrong, never echo it.
    if (!key) {
      throw new ConfigError(
        variable,
        `key ${index + 1} of ${texts.length} must be 32 bytes written as base64 or 64 hex digits (${SECRET_KEY_HINT})`,
      );
    }
    return key;
  });
}

function notifierConfig(env: Env): NotifierConfig {
  const retryBaseMs = integer(env, 'VIGIL_NOTIFIER_RETRY_SECONDS', 10, 1, 86_400) * 1000;
  const retryMaxMs = integer(env, 'VIGIL_NOTIFIER_RETRY_MAX_SECONDS', 3600, 1, 7 * 86_400) * 1000;
  if (retryMaxMs < retryBaseMs) {
    throw new ConfigError(
      'VIGIL_NOTIFIER_RETRY_MAX_SECONDS',
      'must be at least VIGIL_NOTIFIER_RETRY_SECONDS',
    );
  }
  return {
    concurrency: integer(env, 'VIGIL_NOTIFIER_CONCURRENCY', 16, 1, 1000),
    timeoutMs: integer(env, 'VIGIL_NOTIFIER_TIMEOUT_SECONDS', 10, 1, 600) * 1000,
    maxAttempts: integer(env, 'VIGIL_NOTIFIER_MAX_ATTEMPTS', 10, 1, 100),
    retryBaseMs,
    retryMaxMs,
  };
}

/** A secret from `NAME`, or from the file named by `NAME_FILE` (trailing newline removed). */
function secret(env: Env, name: string): string | undefined {
  const file = env[`${name}_FILE`]?.trim();
  if (file) {
    if (env[name]) throw new ConfigError(name, `set ${name} or ${name}_FILE, not both`);
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '') || undefined;
    } catch (error) {
      throw new ConfigError(`${name}_FILE`, `cannot read ${file}: ${(error as Error).message}`);
    }
  }
  return env[name] || undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      name,
      `must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got ${JSON.stringify(raw)}`);
}

function url(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
    return parsed.toString();
  } catch {
    throw new ConfigError(name, `must be an absolute http(s) URL, got ${JSON.stringify(raw)}`);
  }
}

function stripSlash(value: string): string {
  return value.endsWith('/') ? value.slice(0, -1) : value;
}
