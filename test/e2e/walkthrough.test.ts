// A new user's first session, in a real browser: first-run setup with the token from the log,
// building a status page in the admin, opening and resolving an incident, scheduling maintenance,
// creating an API key — and what visitors see on the public page at each step. A stored script in
// incident text must never run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { databaseBackends } from '../support/databases.js';
import { chromiumUnavailable } from '../support/services.js';
import { startTestWeb, type TestWeb } from '../support/web.js';
import { launchChromium, SCREENSHOT_DIR } from './support/browser.js';

const skip = chromiumUnavailable();
const XSS_BODY =
  'Errors on **checkout**. <script>window.__vigilXss = 1</script><img src=x onerror="window.__vigilXss = 2">';

describe('walkthrough in Chromium: setup, admin, public page', { skip }, () => {
  let web: TestWeb;
  let browser: Browser;
  let context: BrowserContext;
  let admin: Page;
  const dialogs: string[] = [];

  before(async () => {
    const pglite = (await databaseBackends()).find((backend) => backend.name === 'pglite')!;
    web = await startTestWeb(await pglite.create(), {
      VIGIL_ADMIN_EMAIL: '',
      VIGIL_ADMIN_PASSWORD: '',
    });
    browser = await launchChromium();
    context = await browser.newContext({ baseURL: web.baseUrl });
    admin = await context.newPage();
    admin.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });
  after(async () => {
    await browser?.close();
    await web?.close();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOT_DIR, `walkthrough-${name}.png`), fullPage: true });

  it('creates the first admin with the setup token printed in the log', async () => {
    assert.ok(web.setupToken, 'a setup token is issued when no admin exists');
    await admin.goto('/admin');
    assert.match(admin.url(), /\/admin\/setup$/);
    await admin.getByLabel('Setup token').fill(web.setupToken);
    await admin.getByLabel('E-mail').fill('owner@example.com');
    await admin.getByLabel('Password', { exact: true }).fill('a long admin password');
    await admin.getByLabel('Repeat the password').fill('a long admin password');
    await admin.getByRole('button', { name: 'Create administrator' }).click();
    await admin.waitForURL(/\/admin\/?$/);
    assert.equal(await web.services.auth.hasUsers(), true);
  });

  it('builds a status page with a group and components', async () => {
    await admin.goto('/admin/pages/new');
    await admin.getByLabel('Name').fill('Example Inc.');
    await admin.getByLabel('Slug').fill('main');
    await admin.getByRole('button', { name: 'Create page' }).click();
    await admin.waitForURL(/\/admin\/pages\/[a-z0-9]{12}$/);
    const pageUrl = admin.url();

    await admin.getByRole('link', { name: /group/i }).first().click();
    await admin.getByLabel('Name').fill('Core');
    await admin.getByRole('button', { name: /create|add|save/i }).click();
    await admin.waitForURL(pageUrl);
    for (const name of ['API', 'Website']) {
      await admin.goto(pageUrl);
      await admin
        .getByRole('link', { name: /component/i })
        .first()
        .click();
      await admin.getByLabel('Name').fill(name);
      await admin.getByLabel('Group').selectOption({ label: 'Core' });
      await admin.getByRole('button', { name: /create|add|save/i }).click();
      await admin.waitForURL(pageUrl);
    }
    await shot(admin, 'admin-page');

    const visitor = await context.newPage();
    await visitor.goto('/');
    await visitor.getByRole('heading', { name: /All Systems Operational/i }).waitFor();
    const text = await visitor.locator('main').innerText();
    assert.match(text, /Core/);
    assert.match(text, /API/);
    assert.match(text, /Website/);
    await visitor.close();
  });

  it('opens an incident, and visitors see it at once without any stored script running', async () => {
    await admin.goto('/admin/incidents/new');
    await admin.getByLabel('Title').fill('Checkout errors');
    await admin.getByLabel('Impact').selectOption('major');
    await admin.getByLabel('Message').fill(XSS_BODY);
    await admin.getByLabel(/^API \(now/).selectOption('partial_outage');
    await admin.getByRole('button', { name: 'Open incident' }).click();
    await admin.waitForURL(/\/admin\/incidents\/[a-z0-9]{12}$/);
    const incidentId = admin.url().split('/').pop()!;

    const visitor = await context.newPage();
    visitor.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await visitor.goto('/');
    await visitor.getByText('Checkout errors').first().waitFor();
    const main = await visitor.locator('main').innerText();
    assert.match(main, /Partial outage/i);
    assert.match(main, /Investigating/i);
    assert.equal(
      (await visitor.locator('main strong', { hasText: 'checkout' }).count()) > 0,
      true,
      'Markdown is rendered',
    );
    assert.equal(await visitor.locator('main script').count(), 0);
    assert.equal(
      await visitor.evaluate(() => (globalThis as { __vigilXss?: number }).__vigilXss),
      undefined,
    );
    await shot(visitor, 'public-incident');

    await visitor.goto(`/incidents/${incidentId}`);
    await visitor.getByRole('heading', { name: 'Checkout errors' }).waitFor();
    assert.equal(
      await visitor.evaluate(() => (globalThis as { __vigilXss?: number }).__vigilXss),
      undefined,
    );

    await admin.goto(`/admin/incidents/${incidentId}`);
    assert.equal(
      await admin.evaluate(() => (globalThis as { __vigilXss?: number }).__vigilXss),
      undefined,
    );
    assert.deepEqual(dialogs, []);
    await visitor.close();
  });

  it('posts updates through to resolved, and the page is operational again', async () => {
    const incidentUrl = admin.url();
    for (const status of ['identified', 'monitoring', 'resolved']) {
      await admin.goto(incidentUrl);
      await admin.getByLabel('Status').first().selectOption(status);
      await admin.getByLabel('Message').first().fill(`Now ${status}.`);
      if (status === 'resolved') {
        const api = admin.getByLabel(/^API \(now/);
        if ((await api.count()) > 0) await api.selectOption('operational');
      }
      await admin.getByRole('button', { name: 'Post update' }).click();
      await admin.waitForURL(incidentUrl);
    }
    const visitor = await context.newPage();
    await visitor.goto('/');
    await visitor.getByRole('heading', { name: /All Systems Operational/i }).waitFor();
    await visitor.goto('/history');
    await visitor.getByText('Checkout errors').first().waitFor();
    await visitor.close();
  });

  it('schedules a maintenance window that visitors see as upcoming', async () => {
    await admin.goto('/admin/maintenances/new');
    await admin.getByLabel('Title').fill('Database upgrade');
    await admin.getByLabel('Message').fill('We will upgrade the primary database.');
    await admin.getByLabel('Starts').fill('2099-01-10T10:00');
    await admin.getByLabel('Ends').fill('2099-01-10T12:00');
    await admin.getByLabel('Website', { exact: true }).check();
    await admin.getByRole('button', { name: 'Schedule' }).click();
    await admin.waitForURL(/\/admin\/maintenances\/[a-z0-9]{12}$/);

    const visitor = await context.newPage();
    await visitor.goto('/');
    await visitor.getByText('Database upgrade').first().waitFor();
    await shot(visitor, 'public-maintenance');
    const summary = (await (await fetch(`${web.baseUrl}/api/v2/summary.json`)).json()) as {
      scheduled_maintenances: Array<{ name: string; status: string }>;
    };
    assert.deepEqual(
      summary.scheduled_maintenances.map((m) => [m.name, m.status]),
      [['Database upgrade', 'scheduled']],
    );
    await visitor.close();
  });

  it('creates an API key that is shown once and works against the management API', async () => {
    await admin.goto('/admin/api-keys');
    await admin.getByLabel('Name').fill('deploy bot');
    await admin.getByLabel('Scope').selectOption('write');
    await admin.getByRole('button', { name: 'Create key' }).click();
    const secret = (await admin.locator('#f-secret').inputValue()).trim();
    assert.match(secret, /^vgl_/);
    const response = await fetch(`${web.baseUrl}/api/v1/pages`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(response.status, 200);
    const pages = (await response.json()) as { data: Array<{ slug: string }> };
    assert.deepEqual(
      pages.data.map((p) => p.slug),
      ['main'],
    );
    await admin.goto('/admin/api-keys');
    assert.equal((await admin.content()).includes(secret), false, 'the secret is not shown again');
  });
});
