// Subscriber webhook URLs: http(s) only, no credentials, and no loopback or private target —
// by literal address, by name "localhost", or by a name that resolves to one — unless allowed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkSubscriberWebhookUrl } from './subscriber-webhook-url.js';

const resolveTo = (addresses: string[]) => async (): Promise<string[]> => addresses;

describe('checkSubscriberWebhookUrl', () => {
  it('accepts a public https URL', async () => {
    assert.deepEqual(
      await checkSubscriberWebhookUrl('https://hooks.example.com/x', {
        allowPrivate: false,
        resolve: resolveTo(['93.184.216.34']),
      }),
      { ok: true, url: 'https://hooks.example.com/x' },
    );
  });

  it('refuses private targets unless allowed', async () => {
    for (const [url, addresses] of [
      ['http://127.0.0.1:9000/hook', []],
      ['http://[::1]/hook', []],
      ['http://localhost/hook', []],
      ['http://169.254.169.254/latest', []],
      ['http://internal.example.com/hook', ['10.0.0.5']],
      ['http://mixed.example.com/hook', ['93.184.216.34', '192.168.1.2']],
    ] as const) {
      const refused = await checkSubscriberWebhookUrl(url, {
        allowPrivate: false,
        resolve: resolveTo([...addresses]),
      });
      assert.deepEqual(
        refused,
        { ok: false, message: 'must not point to a loopback or private address' },
        url,
      );
      assert.equal((await checkSubscriberWebhookUrl(url, { allowPrivate: true })).ok, true, url);
    }
  });

  it('refuses other schemes, credentials and names that do not resolve', async () => {
    const check = (url: string) =>
      checkSubscriberWebhookUrl(url, {
        allowPrivate: false,
        resolve: async () => {
          throw new Error('ENOTFOUND');
        },
      });
    assert.deepEqual(await check('ftp://example.com/'), {
      ok: false,
      message: 'must be an absolute http(s) URL, like https://example.com/hook',
    });
    const credentials = await check('https://user:pw@example.com/');
    assert.equal(credentials.ok, false);
    const missing = await check('https://nowhere.example/');
    assert.deepEqual(missing, { ok: false, message: 'the host nowhere.example cannot be found' });
  });
});
