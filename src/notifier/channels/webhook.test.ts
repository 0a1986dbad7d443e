// The generic webhook channel against a local receiver: configuration errors name the field,
// and the request is exactly as documented (method, path, headers, JSON body, a signature the
// receiver can verify); failures, Retry-After, redirects and a hanging receiver are reported.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../../test/support/webhook-receiver.js';
import { eventFromOutbox, type NotificationEvent } from '../../domain/notifications/index.js';
import { verifyWebhookSignature } from '../webhook-signature.js';
import { webhookChannel } from './webhook.js';

const event: NotificationEvent = eventFromOutbox({
  id: 1,
  kind: 'monitor.down',
  createdAt: new Date('2026-03-01T10:00:00Z'),
  payload: {
    event_id: 'evt-down-1',
    monitor_id: 'm1',
    monitor_name: 'website',
    from: 'up',
    to: 'down',
    occurred_at: '2026-03-01T09:59:58.000Z',
    reason: {
      summary: '1 of 1 regions failing (quorum 1): local',
      quorum: 1,
      failingRegions: ['local'],
      okRegions: [],
      silentRegions: [],
      slowRegions: [],
    },
  },
})!;

function config(input: Record<string, unknown>) {
  const check = webhookChannel.validate(input);
  assert.ok(check.ok, JSON.stringify(check));
  return check.config;
}

const context = (timeoutMs = 5000) => ({
  signal: AbortSignal.timeout(timeoutMs),
  attempt: 3,
  now: new Date('2026-03-01T10:00:05Z'),
});

describe('webhook channel configuration', () => {
  const errors = (input: Record<string, unknown>) => {
    const check = webhookChannel.validate(input);
    return check.ok ? [] : check.errors.map((e) => e.field);
  };

  it('accepts a URL with or without a secret', () => {
    assert.deepEqual(config({ url: 'http://127.0.0.1:9000/hook', secret: 'change-me' }), {
      url: 'http://127.0.0.1:9000/hook',
      secret: 'change-me',
    });
    assert.deepEqual(config({ url: 'https://example.com/x' }), {
      url: 'https://example.com/x',
      secret: null,
    });
  });

  it('names the field at fault', () => {
    assert.deepEqual(errors({}), ['url']);
    assert.deepEqual(errors({ url: 'not a url' }), ['url']);
    assert.deepEqual(errors({ url: 'ftp://example.com/' }), ['url']);
    assert.deepEqual(errors({ url: 'https://user:pw@example.com/' }), ['url']);
    assert.deepEqual(errors({ url: 'https://example.com/', secret: 42 }), ['secret']);
    assert.deepEqual(errors({ url: 'https://example.com/', secret: '' }), ['secret']);
    assert.deepEqual(errors({ url: 'https://example.com/', urll: 'x' }), ['urll']);
  });
});

describe('webhook channel sending', () => {
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver();
  });
  after(() => receiver.close());

  it('POSTs the documented JSON with id, type, attempt, timestamp and a verifiable signature', async () => {
    const result = await webhookChannel.send(
      event,
      config({ url: `${receiver.url}/hook?team=ops`, secret: 'change-me' }),
      context(),
    );
    assert.deepEqual(result, { ok: true, statusCode: 200, error: null });
    const [request] = receiver.requests('/hook');
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/hook?team=ops');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['user-agent'], 'Vigil-Notifier');
    assert.equal(request.headers['vigil-event-id'], 'evt-down-1');
    assert.equal(request.headers['vigil-event-type'], 'monitor.down');
    assert.equal(request.headers['vigil-delivery-attempt'], '3');
    assert.equal(
      request.headers['vigil-timestamp'],
      String(Date.parse('2026-03-01T10:00:05Z') / 1000),
    );
    assert.deepEqual(JSON.parse(request.body), {
      id: 'evt-down-1',
      type: 'monitor.down',
      occurred_at: '2026-03-01T09:59:58.000Z',
      monitor: {
        id: 'm1',
        name: 'website',
        status: 'down',
        previous_status: 'up',
        reason: '1 of 1 regions failing (quorum 1): local',
        quorum: 1,
        regions: { failing: ['local'], ok: [], silent: [], slow: [] },
      },
    });
    const check = {
      secret: 'change-me',
      timestamp: String(request.headers['vigil-timestamp']),
      signature: String(request.headers['vigil-signature']),
      body: request.body,
      nowSeconds: Date.parse('2026-03-01T10:00:06Z') / 1000,
    };
    assert.equal(verifyWebhookSignature(check), true);
    assert.equal(verifyWebhookSignature({ ...check, secret: 'wrong' }), false);
  });

  it('sends no signature header without a secret', async () => {
    await webhookChannel.send(event, config({ url: `${receiver.url}/unsigned` }), context());
    const [request] = receiver.requests('/unsigned');
    assert.equal(request?.headers['vigil-signature'], undefined);
    assert.equal(request?.headers['vigil-event-id'], 'evt-down-1');
  });

  it('reports an error status with the start of the answer, and Retry-After', async () => {
    receiver.behave('/fail', { status: 500 });
    receiver.behave('/busy', { status: 429, headers: { 'retry-after': '30' } });
    const failed = await webhookChannel.send(
      event,
      config({ url: `${receiver.url}/fail` }),
      context(),
    );
    assert.deepEqual(failed, { ok: false, statusCode: 500, error: 'HTTP 500: receiver says 500' });
    const busy = await webhookChannel.send(
      event,
      config({ url: `${receiver.url}/busy` }),
      context(),
    );
    assert.equal(busy.statusCode, 429);
    assert.equal(busy.retryAfterMs, 30_000);
  });

  it('does not follow a redirect', async () => {
    receiver.behave('/moved', { status: 302, headers: { location: `${receiver.url}/elsewhere` } });
    const moved = await webhookChannel.send(
      event,
      config({ url: `${receiver.url}/moved` }),
      context(),
    );
    assert.equal(moved.ok, false);
    assert.equal(moved.statusCode, 302);
    assert.equal(receiver.requests('/elsewhere').length, 0);
  });

  it('gives up on a receiver that never answers when the signal says time is up', async () => {
    receiver.behave('/hang', 'hang');
    const hung = await webhookChannel.send(
      event,
      config({ url: `${receiver.url}/hang` }),
      context(300),
    );
    assert.deepEqual(hung, { ok: false, statusCode: null, error: 'no answer within the timeout' });
  });

  it('reports a refused connection', async () => {
    const closed = await startWebhookReceiver();
    const url = `${closed.url}/gone`;
    await closed.close();
    const refused = await webhookChannel.send(event, config({ url }), context());
    assert.equal(refused.ok, false);
    assert.match(refused.error ?? '', /ECONNREFUSED/);
  });
});
