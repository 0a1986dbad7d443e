// Shared checks of notification channel types against a local receiver: a configuration that
// must pass, the fields a bad one names, the context a send gets, the one request a send made,
// and how error answers and Retry-After come back in the SendResult.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NotificationEvent } from '../../src/domain/notifications/index.js';
import type { AnyChannelType } from '../../src/notifier/channel.js';
import { chatMonitorDown } from './notification-events.js';
import {
  startWebhookReceiver,
  type Behaviour,
  type ReceivedRequest,
  type WebhookReceiver,
} from './webhook-receiver.js';

/** A send context with a generous deadline (tests that hang pass their own). */
export function sendContext(timeoutMs = 5000) {
  return {
    signal: AbortSignal.timeout(timeoutMs),
    attempt: 1,
    now: new Date('2026-03-01T10:00:05Z'),
  };
}

/** Pushover's answer to a message it took: a 2xx without `"status":1` is a failed attempt. */
export const PUSHOVER_ACCEPTED: Behaviour = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"status":1,"request":"r-1"}',
};

/** A local receiver for the tests of the enclosing describe (started before, closed after). */
export function useReceiver(): () => WebhookReceiver {
  let receiver: WebhookReceiver | undefined;
  before(async () => {
    receiver = await startWebhookReceiver();
  });
  after(() => receiver?.close());
  return () => {
    assert.ok(receiver, 'the receiver starts before the tests');
    return receiver;
  };
}

export function validConfig(channel: AnyChannelType, input: Record<string, unknown>): unknown {
  const check = channel.validate(input);
  assert.ok(check.ok, JSON.stringify(check));
  return check.config;
}

/** The fields named by the errors of a refused configuration, in order ([] when accepted). */
export function fieldErrors(channel: AnyChannelType, input: Record<string, unknown>): string[] {
  const check = channel.validate(input);
  return check.ok ? [] : check.errors.map((error) => error.field);
}

/**
 * A channel type's validate as tests use it: `config` asserts the input is accepted (and that
 * the config validates to itself, as the stored form must) and returns the typed config,
 * `faults` lists the fields the errors name.
 */
export function configChecks<C>(channel: AnyChannelType) {
  return {
    config(input: Record<string, unknown>): C {
      const config = validConfig(channel, input);
      // A stored config is validated again before each send: it must come back unchanged.
      const again = channel.validate(config as Record<string, unknown>);
      assert.deepEqual(again, { ok: true, config }, 'validate(config) gives the same config');
      // The registry erases config types; C is what this type's validate returns.
      return config as C;
    },
    faults: (input: Record<string, unknown>): string[] => fieldErrors(channel, input),
  };
}

/** The messages of a refused configuration's errors. */
export function errorMessages(channel: AnyChannelType, input: Record<string, unknown>): string[] {
  const check = channel.validate(input);
  return check.ok ? [] : check.errors.map((error) => error.message);
}

/** The single request that arrived under `prefix` (fails when there are none or several). */
export function onlyRequest(receiver: WebhookReceiver, prefix: string): ReceivedRequest {
  const requests = receiver.requests(prefix);
  assert.equal(requests.length, 1, `requests under ${prefix}`);
  return requests[0]!;
}

export interface PostsCheck {
  /** The Vigil-Event-Id each request must carry, in order (one request per id, no more). */
  eventIds: readonly string[];
  /** The exact path and query of every request, or of each in order. */
  paths: string | readonly string[];
  /** Default application/json. */
  contentType?: string;
  /** Further headers each request must have exactly; undefined: must be absent. */
  headers?: Readonly<Record<string, string | undefined>>;
}

/** `requests` are exactly Vigil's POSTs of these events, with its user agent and headers. */
export function assertVigilPosts(requests: readonly ReceivedRequest[], check: PostsCheck): void {
  assert.equal(requests.length, check.eventIds.length, 'one request per event');
  check.eventIds.forEach((eventId, index) => {
    const request = requests[index]!;
    const path = typeof check.paths === 'string' ? check.paths : check.paths[index];
    assert.equal(request.method, 'POST');
    assert.equal(request.path, path);
    assert.equal(request.headers['user-agent'], 'Vigil-Notifier');
    assert.equal(request.headers['vigil-event-id'], eventId);
    assert.equal(request.headers['content-type'], check.contentType ?? 'application/json');
    for (const [name, value] of Object.entries(check.headers ?? {})) {
      assert.equal(request.headers[name], value, `header ${name}`);
    }
  });
}

export interface DeliveryCheck {
  /** The configuration as entered (it must pass validate). */
  config: Record<string, unknown>;
  event: NotificationEvent;
  /** The request must be the only one under this prefix of the receiver's paths. */
  prefix: string;
  /** The exact path and query it must have. */
  path: string;
  /** What the receiver answers (default 200); the send must report it as delivered. */
  status?: number;
}

/**
 * Sends `event` and checks the request it made was one JSON POST to the exact path; returns
 * the parsed body for the caller to compare whole.
 */
export async function deliveredBody(
  channel: AnyChannelType,
  receiver: WebhookReceiver,
  check: DeliveryCheck,
): Promise<unknown> {
  const status = check.status ?? 200;
  receiver.behave(check.prefix, { status });
  const config = validConfig(channel, check.config);
  const result = await channel.send(check.event, config, sendContext());
  assert.deepEqual(result, { ok: true, statusCode: status, error: null });
  const request = onlyRequest(receiver, check.prefix);
  assert.equal(request.method, 'POST');
  assert.equal(request.path, check.path);
  assert.equal(request.headers['content-type'], 'application/json');
  return JSON.parse(request.body) as unknown;
}

/**
 * Tests that a 500 comes back as a failure with its status and the start of the answer, that a
 * 429's Retry-After is passed on, and that an answer quoting the URL does not put it in the
 * error; `configAt(base)` makes a config sending under `base`.
 */
export function itReportsErrorAnswers(
  channel: AnyChannelType,
  receiver: () => WebhookReceiver,
  configAt: (base: string) => Record<string, unknown>,
): void {
  it('reports an error answer with its status, and a 429 with Retry-After', async () => {
    receiver().behave('/fail', { status: 500 });
    receiver().behave('/busy', { status: 429, headers: { 'retry-after': '30' } });
    const failed = await channel.send(
      chatMonitorDown,
      validConfig(channel, configAt(`${receiver().url}/fail`)),
      sendContext(),
    );
    assert.deepEqual(failed, { ok: false, statusCode: 500, error: 'HTTP 500: receiver says 500' });
    const busy = await channel.send(
      chatMonitorDown,
      validConfig(channel, configAt(`${receiver().url}/busy`)),
      sendContext(),
    );
    assert.deepEqual(busy, {
      ok: false,
      statusCode: 429,
      error: 'HTTP 429: receiver says 429',
      retryAfterMs: 30_000,
    });
  });

  it('keeps the URL, a credential, out of the error even when the answer quotes it', async () => {
    receiver().behave('/echo', { status: 404, body: (path) => `no hook at ${path}` });
    const echoed = await channel.send(
      chatMonitorDown,
      validConfig(channel, configAt(`${receiver().url}/echo`)),
      sendContext(),
    );
    assert.deepEqual(echoed, {
      ok: false,
      statusCode: 404,
      error: 'HTTP 404: no hook at <redacted>',
    });
  });
}
