// The webhook signature: a known answer computed independently, and the receiver-side check
// refusing a changed body, another secret, another timestamp and an old timestamp.
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const body = '{"id":"evt_1","type":"monitor.down"}';

describe('webhook signature', () => {
  it('is v1= and the hex HMAC-SHA256 of "timestamp.body" with the secret', () => {
    const expected = createHmac('sha256', 'change-me').update(`1700000000.${body}`).digest('hex');
    assert.equal(signWebhook('change-me', 1_700_000_000, body), `v1=${expected}`);
    // The test vector of docs/notifications.md, for receivers in other languages.
    assert.equal(
      signWebhook('change-me', 1_700_000_000, '{}'),
      'v1=fd094df5d9efbabc4e4ff934127149453da1652dd5bdbfce6cc80a28be7fbb96',
    );
  });

  it('verifies what it signed, within the tolerance', () => {
    const signature = signWebhook('s3cret', 1_700_000_000, body);
    const check = { secret: 's3cret', timestamp: '1700000000', signature, body };
    assert.equal(verifyWebhookSignature({ ...check, nowSeconds: 1_700_000_100 }), true);
    assert.equal(verifyWebhookSignature({ ...check, nowSeconds: 1_699_999_800 }), true);
  });

  it('refuses a changed body, another secret, a moved timestamp, a replay and garbage', () => {
    const signature = signWebhook('s3cret', 1_700_000_000, body);
    const ok = {
      secret: 's3cret',
      timestamp: '1700000000',
      signature,
      body,
      nowSeconds: 1_700_000_000,
    };
    assert.equal(verifyWebhookSignature({ ...ok, body: body.replace('down', 'up') }), false);
    assert.equal(verifyWebhookSignature({ ...ok, secret: 'other' }), false);
    assert.equal(verifyWebhookSignature({ ...ok, timestamp: '1700000001' }), false);
    assert.equal(verifyWebhookSignature({ ...ok, nowSeconds: 1_700_000_301 }), false);
    assert.equal(verifyWebhookSignature({ ...ok, signature: 'v1=00' }), false);
    assert.equal(verifyWebhookSignature({ ...ok, signature: undefined }), false);
    assert.equal(verifyWebhookSignature({ ...ok, timestamp: '17e8' }), false);
  });
});
