// A webhook channel made in a real browser: sign in, Notifications → New channel → Webhook, fill
// the form built from the type's hints, create it, press "Send test" — the flash says ok and the
// local receiver got the signed test event. Skips (visibly) without Chromium.
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { verifyWebhookSignature } from '../../src/notifier/webhook-signature.js';
import { databaseBackends } from '../support/databases.js';
import { chromiumUnavailable } from '../support/services.js';
import { startTestWeb, TEST_ADMIN, type TestWeb } from '../support/web.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { launchChromium, SCREENSHOT_DIR } from '../e2e/support/browser.js';

const skip = chromiumUnavailable();
const SECRET = 'browser-made-secret';

describe('admin notifications in Chromium', { skip }, () => {
  let web: TestWeb;
  let receiver: WebhookReceiver;
  let browser: Browser;
  let page: Page;

  before(async () => {
    const pglite = (await databaseBackends()).find((backend) => backend.name === 'pglite')!;
    receiver = await startWebhookReceiver();
    web = await startTestWeb(await pglite.create(), {
      VIGIL_SECRET_KEY: randomBytes(32).toString('base64'),
    });
    browser = await launchChromium();
    page = await (await browser.newContext({ baseURL: web.baseUrl })).newPage();
  });
  after(async () => {
    await browser?.close();
    await web?.close();
    await receiver?.close();
  });

  it('creates a webhook channel through the form and sends a test event', async () => {
    await page.goto('/admin/login');
    await page.getByLabel('E-mail').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/?$/);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Notifications' })
      .click();
    await page.waitForURL(/\/admin\/channels$/);
    await page.getByRole('link', { name: 'New channel' }).first().click();
    await page.getByRole('link', { name: /^Webhook/ }).click();
    await page.waitForURL(/\/admin\/channels\/new\?type=webhook$/);
    await page.getByLabel('Name').fill('browser-hook');
    await page.getByLabel('URL').fill(`${receiver.url}/from-browser`);
    await page.getByLabel('Signing secret').fill(SECRET);
    await page.getByRole('button', { name: 'Create channel' }).click();
    await page.waitForURL(/\/admin\/channels\/[a-z0-9]{12}$/);
    assert.match(
      (await page.getByRole('status').textContent()) ?? '',
      /Channel “browser-hook” created/,
    );
    assert.equal(await page.getByText(SECRET).count(), 0, 'the secret is not on the page');

    await page.getByRole('button', { name: 'Send test' }).click();
    await page.waitForLoadState('load');
    const flash = page.getByRole('status');
    assert.equal(
      (await flash.textContent())?.trim(),
      'Test event sent to “browser-hook”: ok (HTTP 200).',
    );
    await page.screenshot({
      path: join(SCREENSHOT_DIR, 'notifications-send-test.png'),
      fullPage: true,
    });

    const requests = receiver.requests('/from-browser');
    assert.equal(requests.length, 1);
    const [request] = requests;
    assert.equal(JSON.parse(request!.body).type, 'test');
    assert.ok(
      verifyWebhookSignature({
        secret: SECRET,
        timestamp: String(request!.headers['vigil-timestamp']),
        signature: String(request!.headers['vigil-signature']),
        body: request!.body,
        nowSeconds: Math.floor(Date.now() / 1000),
      }),
      'signed with the secret typed into the form',
    );
  });
});
