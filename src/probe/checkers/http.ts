// HTTP(S) check: one request (and its redirects) over fresh connections, with phase timings.
import { Client } from 'undici';
import type { Checker, CheckOutcome, PhaseTimings } from './checker.js';
import { startDeadline, type Deadline } from './deadline.js';
import { classifyError } from './error-class.js';
import { readCappedBody } from './http-body.js';
import {
  CertificateRejectedError,
  openSocket,
  SocketPhaseError,
  type PeerCertificate,
  type SocketPhases,
} from './timed-socket.js';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export const MAX_REDIRECTS = 5;
/** Conditions read the start of a body; a larger body is cut here and flagged truncated. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpSpec {
  url: string;
  method?: HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  /** Follow up to MAX_REDIRECTS redirects (default true). */
  followRedirects?: boolean;
  /** Refuse untrusted or mismatched certificates (default true). */
  verifyTls?: boolean;
  /** Extra trusted roots (PEM), for targets behind a private CA. */
  ca?: string;
}

/** What one hop saw, kept even when it failed part way. */
interface Hop {
  phases: SocketPhases;
  certificate?: PeerCertificate;
  firstByteMs?: number;
}

class TooManyRedirectsError extends Error {
  readonly code = 'ERR_TOO_MANY_REDIRECTS';
  constructor() {
    super(`more than ${MAX_REDIRECTS} redirects`);
  }
}

export const httpChecker: Checker<HttpSpec> = {
  type: 'http',
  async check(spec, options): Promise<CheckOutcome> {
    const deadline = startDeadline(options.timeoutMs, options.signal);
    const startedAt = performance.now();
    let hop: Hop = { phases: {} };
    try {
      let url = new URL(spec.url);
      let method: string = spec.method ?? 'GET';
      let body = spec.body;
      for (let redirects = 0; ; redirects += 1) {
        hop = { phases: {} };
        const response = await send(url, method, body, spec, hop, startedAt, deadline);
        const location = response.headers.location;
        if (spec.followRedirects !== false && isRedirect(response.statusCode) && location) {
          await response.close();
          if (redirects === MAX_REDIRECTS) throw new TooManyRedirectsError();
          url = new URL(String(location), url);
          // Browsers and curl turn a redirected POST into a GET, except for 307 and 308.
          if (response.statusCode === 303 || (response.statusCode < 307 && method === 'POST')) {
            method = 'GET';
            body = undefined;
          }
          continue;
        }
        const read = await response.readBody(deadline.signal);
        const latencyMs = deadline.elapsedMs();
        return {
          facts: {
            status: response.statusCode,
            latency: latencyMs,
            body: read.text,
            body_truncated: read.truncated,
            headers: response.headers,
            ...(hop.certificate ? { cert: hop.certificate.facts } : {}),
          },
          latencyMs,
          timings: timingsOf(hop, latencyMs),
          certificate: hop.certificate?.details,
        };
      }
    } catch (error) {
      const latencyMs = deadline.elapsedMs();
      return {
        facts: { latency: latencyMs, ...(hop.certificate ? { cert: hop.certificate.facts } : {}) },
        latencyMs,
        timings: timingsOf(hop, latencyMs),
        certificate: hop.certificate?.details,
        error: classifyError(error, deadline.timedOut()),
      };
    } finally {
      deadline.dispose();
    }
  },
};

interface Response {
  statusCode: number;
  headers: Record<string, string | string[]>;
  readBody(signal: AbortSignal): Promise<{ text: string; truncated: boolean }>;
  close(): Promise<void>;
}

/**
 * A client per hop, with keep-alive off, so every check measures a fresh DNS lookup, connection
 * and handshake; connections in use are bounded by the probe's check concurrency.
 */
async function send(
  url: URL,
  method: string,
  body: string | undefined,
  spec: HttpSpec,
  hop: Hop,
  startedAt: number,
  deadline: Deadline,
): Promise<Response> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`unsupported URL scheme ${url.protocol}`);
  }
  const tls =
    url.protocol === 'https:' ? { verify: spec.verifyTls ?? true, ca: spec.ca } : undefined;
  const client = new Client(url.origin, {
    pipelining: 0,
    connect(options, callback) {
      const port = Number(options.port) || (tls ? 443 : 80);
      openSocket({ host: options.hostname, port, tls }, startedAt, deadline.signal).then(
        (opened) => {
          hop.phases = opened.phases;
          hop.certificate = opened.certificate;
          callback(null, opened.socket);
        },
        (error: unknown) => {
          if (error instanceof SocketPhaseError) hop.phases = error.phases;
          if (error instanceof CertificateRejectedError) {
            hop.phases = error.phases;
            hop.certificate = error.certificate;
          }
          callback(error instanceof Error ? error : new Error(String(error)), null);
        },
      );
    },
  });
  const close = () => client.destroy().catch(() => undefined);
  try {
    const response = await client.request({
      path: `${url.pathname}${url.search}`,
      method,
      headers: spec.headers,
      body,
      signal: deadline.signal,
      reset: true,
    });
    hop.firstByteMs = performance.now() - startedAt;
    // Reading reports its own errors; this keeps a body dropped unread from raising one later.
    response.body.on('error', () => undefined);
    return {
      statusCode: response.statusCode,
      headers: response.headers as Record<string, string | string[]>,
      async readBody(signal) {
        try {
          return await readCappedBody(response.body, MAX_BODY_BYTES, signal);
        } finally {
          await close();
        }
      },
      async close() {
        response.body.destroy();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** After redirects, the phases are those of the last hop, still counted from the check's start. */
function timingsOf(hop: Hop, totalMs: number): PhaseTimings {
  return { ...hop.phases, firstByteMs: hop.firstByteMs, totalMs };
}
