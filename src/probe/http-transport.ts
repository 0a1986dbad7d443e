// ProbeTransport over HTTP(S) with undici: bearer token, bounded time per call, and web's answers
// mapped onto "retry later" (unreachable, 5xx, 429), "timeout" (web got the request but did not
// answer in time), "unauthorized" (401) or "rejected" (other 4xx, naming why).
import { Agent, request, type Dispatcher } from 'undici';
import { readBodyStart, type ReadableBody } from '../net/body-start.js';
import {
  PROBE_API,
  type AssignmentRequest,
  type AssignmentResponse,
  type BatchReceipt,
  type ResultBatch,
} from '../domain/monitoring/probe-protocol.js';
import {
  ProbeTransportError,
  type ProbeTransport,
  type ProbeTransportFailure,
} from './transport.js';

export interface HttpTransportOptions {
  /** Base URL of web, e.g. https://status.example.com (a path prefix is kept). */
  serverUrl: string;
  token: string;
  /** Longest a call may take, connecting included (default 10 s). */
  timeoutMs?: number;
}

/** Error bodies are short JSON; anything longer is not read further. */
const MAX_ERROR_BODY_BYTES = 4_096;

export class HttpProbeTransport implements ProbeTransport {
  private readonly base: URL;
  private readonly timeoutMs: number;
  // Keep-alive to web: a probe talks to one server every second, unlike its checks.
  private readonly agent: Agent;

  constructor(private readonly options: HttpTransportOptions) {
    this.base = parseServerUrl(options.serverUrl);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.agent = new Agent({
      connections: 4,
      connectTimeout: this.timeoutMs,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  assignment(body: AssignmentRequest): Promise<AssignmentResponse> {
    return this.post<AssignmentResponse>(PROBE_API.assignment, body);
  }

  submit(batch: ResultBatch): Promise<BatchReceipt> {
    return this.post<BatchReceipt>(PROBE_API.results, batch);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const url = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    const signal = AbortSignal.timeout(this.timeoutMs);
    let started = false;
    let response;
    try {
      response = await request(url, {
        method: 'POST',
        dispatcher: this.agent.compose(onStart(() => (started = true))),
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      // Only a request that reached web can be too slow; no connection in time is unreachable.
      if (started && timedOut(error, signal)) {
        throw new ProbeTransportError(
          'timeout',
          `${url.origin}${path} did not answer within ${this.timeoutMs} ms: ${reason(error)}`,
        );
      }
      throw new ProbeTransportError('retry', `${url.origin} is unreachable: ${reason(error)}`);
    }
    const { statusCode } = response;
    if (statusCode >= 200 && statusCode < 300) {
      try {
        return (await response.body.json()) as T;
      } catch (error) {
        throw new ProbeTransportError(
          'retry',
          `${path} answered ${statusCode} without valid JSON: ${reason(error)}`,
          statusCode,
        );
      }
    }
    const detail = await errorDetail(response.body);
    const message = `${path} answered ${statusCode}${detail ? `: ${detail}` : ''}`;
    throw new ProbeTransportError(
      failureOf(statusCode),
      message,
      statusCode,
      retryAfterMs(response.headers['retry-after']),
    );
  }
}

/** Checks a --server value; the message says what is wrong with it. */
export function parseServerUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RangeError(`server URL ${JSON.stringify(value)} is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`server URL ${JSON.stringify(value)} must start with http:// or https://`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new RangeError(
      `server URL ${JSON.stringify(value)} must not carry credentials, a query or a fragment`,
    );
  }
  return url;
}

/** The `{ error: { code, message } }` web sends, or the start of whatever else came. */
async function errorDetail(body: ReadableBody): Promise<string> {
  const text = await readBodyStart(body, MAX_ERROR_BODY_BYTES);
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = parsed.error ?? {};
    if (typeof message === 'string')
      return typeof code === 'string' ? `${code}: ${message}` : message;
  } catch {
    // Not JSON (a proxy's error page, say).
  }
  return text.trim().slice(0, 200);
}

/**
 * Calls `started` when undici starts the request, which it does once it has a connected socket
 * for it (TLS included): from then on web has, or is getting, the request.
 */
function onStart(started: () => void): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) =>
    dispatch(options, {
      onRequestStart(controller, context: unknown) {
        started();
        handler.onRequestStart?.(controller, context);
      },
      onRequestUpgrade: (...args) => handler.onRequestUpgrade?.(...args),
      onResponseStart: (...args) => handler.onResponseStart?.(...args),
      onResponseData: (...args) => handler.onResponseData?.(...args),
      onResponseEnd: (...args) => handler.onResponseEnd?.(...args),
      onResponseError: (...args) => handler.onResponseError?.(...args),
    });
}

/** The call's own time ran out, or undici's wait for the answer's headers or body did. */
function timedOut(error: unknown, signal: AbortSignal): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}

function failureOf(statusCode: number): ProbeTransportFailure {
  // A proxy between probe and web gave up waiting for web, which got the request and may store
  // it: the probe's own timeout, seen from the proxy (so the batch is halved too).
  if (statusCode === 504) return 'timeout';
  if (statusCode >= 500 || statusCode === 429 || statusCode === 408) return 'retry';
  // 403 is not a token problem here: web answers it for a result of a monitor the token's region
  // does not check, which is about the batch.
  if (statusCode === 401) return 'unauthorized';
  return 'rejected';
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${typeof code === 'string' ? `${code} ` : ''}${error.message}${cause}`;
  }
  return String(error);
}
