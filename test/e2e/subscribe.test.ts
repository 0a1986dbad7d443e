// The subscriber proof, in headless Chromium against web + notifier with mail to a local SMTP
// sink: open the status page, follow "Subscribe to updates", enter an email and one component,
// let the ALTCHA widget solve its proof of work, submit; read the confirmation mail and open its
// link; post an incident for that component through the management API; the mail arrives with
// the incident's name, the update text and an unsubscribe link; open that link and click; the
// next update reaches the address no more (checked once the notifier has fanned it out).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../cli/cli-support.js';
import { databaseBackends } from '../support/databases.js';
import { chromiumUnavailable } from '../support/services.js';
import type { SinkMessage } from '../support/smtp-sink.js';
import { startSubscribeSite, type SubscribeSite } from '../public/support/subscribe-site.js';
import { launchChromium, SCREENSHOT_DIR } from './support/browser.js';

const skip = chromiumUnavailable();
const WAIT_MS = 30_000;
const ADDRESS = 'visitor@example.com';

function link(message: SinkMessage, pattern: RegExp): string {
  const match = pattern.exec(message.text ?? '');
  assert.ok(match, `no ${pattern} in the mail:\n${message.text}`);
  return match[0];
}

describe(
  'subscribing in Chromium: form, ALTCHA, confirmation, incident mail, unsubscribe',
  { skip },
  () => {
    let site: SubscribeSite;
    let browser: Browser;
    let page: Page;
    let apiKey: string;
    const consoleErrors: string[] = [];

    before(async () => {
      const pglite = (await databaseBackends()).find((backend) => backend.name === 'pglite')!;
      site = await startSubscribeSite(pglite);
      apiKey = (await site.web.services.apiKeys.create({ name: 'proof', scope: 'write' })).secret;
      browser = await launchChromium();
      page = await (await browser.newContext({ baseURL: site.web.baseUrl })).newPage();
      // A CSP violation (inline style, blob worker, CDN) shows up here and fails the test.
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
    });
    after(async () => {
      await browser?.close();
      await site?.close();
    });

    const shot = (name: string) =>
      page.screenshot({ path: join(SCREENSHOT_DIR, `subscribe-${name}.png`), fullPage: true });

    const api = async (method: string, path: string, json: unknown) => {
      const response = await fetch(`${site.web.baseUrl}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
      const text = await response.text();
      assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as { id: string };
    };

    let confirmation: SinkMessage;
    let incidentId: string;
    let incidentMail: SinkMessage;

    it('subscribes through the form with the ALTCHA widget solving its challenge', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Subscribe to updates' }).click();
      await page.waitForURL(/\/subscribe$/);
      await page.getByLabel('Email address').fill(ADDRESS);
      await page.getByLabel('API').check();
      // The widget: tick "I'm not a robot", wait until the proof of work is in the form.
      await page.locator('altcha-widget label').first().click();
      const proof = page.locator('input[name="altcha"]');
      await waitFor(
        'the widget to put its proof of work in the form',
        async () => (await proof.inputValue()) || undefined,
        WAIT_MS,
      );
      await shot('form-solved');
      await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
      await page.waitForLoadState();
      await shot('submitted');
      await page.getByRole('heading', { name: 'Check your inbox to confirm' }).waitFor();
      confirmation = await site.sink.waitFor(
        (m) =>
          m.envelope.rcptTo.includes(ADDRESS) && /Confirm your subscription/.test(m.subject ?? ''),
        WAIT_MS,
      );
      assert.equal(confirmation.subject, '[Acme] Confirm your subscription to Acme');
      assert.deepEqual(consoleErrors, []);
    });

    it('confirms from the link in the mail', async () => {
      const url = link(confirmation, /http:\/\/\S+\/subscribe\/confirm\/[A-Za-z0-9_-]+/);
      await page.goto(url);
      await page.getByRole('button', { name: 'Confirm subscription' }).click();
      await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
      await shot('confirmed');
    });

    it('mails the incident posted for that component, with an unsubscribe link', async () => {
      const incident = await api('POST', `/pages/${site.pageId}/incidents`, {
        name: 'Checkout API errors',
        body: 'Payments fail for some customers; we are investigating.',
        component_ids: [site.components.api],
      });
      incidentId = incident.id;
      incidentMail = await site.sink.waitFor(
        (m) => m.envelope.rcptTo.includes(ADDRESS) && /Checkout API errors/.test(m.subject ?? ''),
        WAIT_MS,
      );
      assert.equal(incidentMail.subject, '[Acme] Incident opened: Checkout API errors');
      assert.match(
        incidentMail.text ?? '',
        /Payments fail for some customers; we are investigating\./,
      );
      assert.match(incidentMail.text ?? '', /Affected components: API/);
      assert.match(String(incidentMail.html), /Checkout API errors/);
      link(incidentMail, /http:\/\/\S+\/unsubscribe\/[A-Za-z0-9_-]+/);
    });

    it('unsubscribes with one click, and the next update sends nothing to the address', async () => {
      const url = link(incidentMail, /http:\/\/\S+\/unsubscribe\/[A-Za-z0-9_-]+/);
      await page.goto(url);
      await shot('unsubscribe');
      await page.getByRole('button', { name: 'Unsubscribe' }).click();
      await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
      const before = site.sink.messages().filter((m) => m.envelope.rcptTo.includes(ADDRESS)).length;

      await api('POST', `/incidents/${incidentId}/updates`, {
        status: 'identified',
        body: 'A certificate expired; renewing it.',
      });
      // Done once the event is fanned out: it has no delivery to any subscriber of the address.
      await site.waitFannedOut();
      assert.deepEqual(await site.subscribersReached(incidentId), []);
      const subscribers = await site.web.database.db
        .selectFrom('subscribers')
        .select('id')
        .where('address', '=', ADDRESS)
        .execute();
      assert.deepEqual(subscribers, [], 'the address is deleted');
      // Every delivery the notifier made before is done, so no mail can still be on its way.
      await site.notifier.wake();
      const pending = await site.web.database.db
        .selectFrom('deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .execute();
      assert.deepEqual(pending, []);
      assert.equal(
        site.sink.messages().filter((m) => m.envelope.rcptTo.includes(ADDRESS)).length,
        before,
      );
      assert.deepEqual(consoleErrors, []);
    });
  },
);
