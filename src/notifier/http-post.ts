// One HTTP POST for a channel: no redirects followed (a moved receiver is a configuration to
// fix, not something to chase), the attempt's signal as the only deadline, at most a little of
// the answer read (for the delivery log), and the outcome as a SendResult, never a throw.
import { Agent, request, type Dispatcher } from 'undici';
import { readBodyStart, type ReadableBody } from '../net/body-start.js';
import type { SendResult } from './channel.js';

/** Kept-alive connections shared by every channel; at most 32 at once per origin. */
const agent = new Agent({ connections: 32, keepAliveTimeout: 10_000 });
const MAX_ERROR_BODY_BYTES = 512;
const MAX_DESCRIBED_BODY_BYTES = 4096;

export interface PostRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  /** Connections to use instead of the shared pool (e.g. one that refuses private addresses). */
  dispatcher?: Dispatcher;
  /**
   * Turns the start of an error answer into the log's words (e.g. a service's JSON `errors`);
   * null, or absent, keeps the plain excerpt.
   */
  describeError?: (body: string) => string | null;
  /**
   * Reads the start of a 2xx answer of a service that can refuse inside a success status (e.g.
   * Pushover's `"status":0`): the refusal in the log's words, or null when it is a success.
   * Absent: every 2xx is a success and its body is not read.
   */
  refusalIn2xx?: (body: string) => string | null;
  /** Values that must never reach the error text, even when a receiver echoes them back. */
  secrets?: readonly string[];
}

export async function postToReceiver(post: PostRequest): Promise<SendResult> {
  try {
    const response = await request(post.url, {
      method: 'POST',
      headers: post.headers,
      body: post.body,
      signal: post.signal,
      dispatcher: post.dispatcher ?? agent,
    });
    const statusCode = response.statusCode;
    if (statusCode >= 200 && statusCode < 300) return await successOrRefusal(response, post);
    const excerpt = await readExcerpt(response.body, post);
    const retryAfterMs = retryAfter(response.headers['retry-after']);
    return {
      ok: false,
      statusCode,
      error: `HTTP ${statusCode}${excerpt ? `: ${excerpt}` : ''}`,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  } catch (error) {
    const failure = describeFailure(error, post.signal);
    return { ok: false, statusCode: null, error: redact(failure, post.secrets) };
  }
}

async function successOrRefusal(
  response: Dispatcher.ResponseData,
  post: PostRequest,
): Promise<SendResult> {
  const { statusCode } = response;
  if (!post.refusalIn2xx) {
    await response.body.dump();
    return { ok: true, statusCode, error: null };
  }
  const raw = await readBodyStart(response.body, MAX_DESCRIBED_BODY_BYTES, post.signal);
  const refusal = post.refusalIn2xx(raw);
  if (refusal === null) return { ok: true, statusCode, error: null };
  return { ok: false, statusCode, error: `HTTP ${statusCode}: ${logLine(refusal, post.secrets)}` };
}

async function readExcerpt(body: ReadableBody, post: PostRequest): Promise<string> {
  const describe = post.describeError;
  // A service's JSON error can be longer than the excerpt we keep; read enough to parse it.
  const limit = describe ? MAX_DESCRIBED_BODY_BYTES : MAX_ERROR_BODY_BYTES;
  const raw = await readBodyStart(body, limit, post.signal);
  return logLine(describe?.(raw) ?? raw.slice(0, MAX_ERROR_BODY_BYTES), post.secrets);
}

/** A receiver's words as one line of the log: without secrets or control characters, short. */
function logLine(words: string, secrets: readonly string[] | undefined): string {
  // Redacted before it is cut, so no part of a secret survives at the cut either.
  const text = redact(words, secrets);
  return [...text]
    .map((char) => (isControl(char) ? ' ' : char))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, 200);
}

function redact(text: string, secrets: readonly string[] | undefined): string {
  let safe = text;
  for (const secret of secrets ?? []) {
    if (secret !== '') safe = safe.split(secret).join('[secret]');
  }
  return safe;
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

/**
 * Reads a service's JSON error answer for the delivery log: the strings at `keys` (arrays are
 * joined), e.g. Pushover's `errors` or ntfy's `error`; null when the answer is not such JSON.
 */
export function jsonErrorText(...keys: string[]): (body: string) => string | null {
  return (body) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return null;
    }
    if (parsed === null || typeof parsed !== 'object') return null;
    const record = parsed as Record<string, unknown>;
    const parts = keys.flatMap((key) => {
      const value = record[key];
      if (typeof value === 'string' && value !== '') return [value];
      if (Array.isArray(value)) {
        return value.filter((item): item is string => typeof item === 'string');
      }
      return [];
    });
    return parts.length > 0 ? parts.join('; ') : null;
  };
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfter(
  value: string | string[] | undefined,
  nowMs = Date.now(),
): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  // Seconds, whole or (as Discord sends them) with a fraction.
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.ceil(Number(text.trim()) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function describeFailure(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof Error && reason.name === 'TimeoutError'
      ? 'no answer within the timeout'
      : 'cancelled: the notifier is stopping';
  }
  const err = error as { code?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code;
  return code ? `${code}: ${err.message ?? 'request failed'}` : (err.message ?? String(error));
}
