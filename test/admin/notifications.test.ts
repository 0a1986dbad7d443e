// Notification channels, routes and the delivery log through the admin forms, on both backends:
// a bad setting named at its field with the input kept, secrets never in any admin page and kept
// by an edit that leaves them empty (a test send still signs), "send test" against a local
// receiver, routes added and removed (and shown on the monitor and component pages), a dead
// letter retried until it is delivered by a real notifier, and the log filtered by receiver
// (channels or subscribers) and by subscriber, bad filters named at their fields.
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ROUTE_KINDS } from '../../src/domain/notifications/index.js';
import { fanOutBatch } from '../../src/notifier/fan-out.js';
import { createLogger } from '../../src/observability/logger.js';
import { startNotifier, type Notifier } from '../../src/notifier/notifier-loop.js';
import { verifyWebhookSignature } from '../../src/notifier/webhook-signature.js';
import { waitFor } from '../../scripts/cluster/wait-for.js';
import { databaseBackends } from '../support/databases.js';
import { addSubscriber } from '../support/subscriber-seed.js';
import { startTestWeb, TEST_ADMIN, type TestWeb } from '../support/web.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { Browser, assertHas, assertHasNot, inputValue, signIn } from './browser.js';

const SECRET = 'hush-0123456789-secret';
const NEW_CHANNEL_FORM = '/admin/channels/new?type=webhook';

for (const backend of await databaseBackends()) {
  describe(`admin notifications on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let browser: Browser;
    let receiver: WebhookReceiver;
    const notifiers: Notifier[] = [];
    before(async () => {
      receiver = await startWebhookReceiver();
      web = await startTestWeb(await backend.create(), {
        VIGIL_SECRET_KEY: randomBytes(32).toString('base64'),
      });
      browser = new Browser(web.baseUrl);
      await signIn(browser, TEST_ADMIN.email, TEST_ADMIN.password);
    });
    afterEach(async () => {
      for (const notifier of notifiers.splice(0)) await notifier.stop();
    });
    after(async () => {
      await web?.close();
      await receiver?.close();
    });

    const channelNamed = async (name: string) => web.services.channels.findByName(name);
    const storedSecret = async (id: string) =>
      (await web.services.channels.listWithSecrets()).find((c) => c.view.id === id)?.config?.secret;
    /** Every admin page a channel shows on; none may contain its secret. */
    const assertSecretNowhere = async (id: string) => {
      for (const path of [
        '/admin/channels',
        `/admin/channels/${id}`,
        `/admin/channels/${id}/edit`,
      ]) {
        const page = await browser.get(path);
        assert.equal(page.status, 200, path);
        assert.ok(!page.html.includes(SECRET), `the secret is on ${path}`);
      }
    };

    it('offers every channel type, then the chosen type’s form from its field hints', async () => {
      const chooser = await browser.get('/admin/channels/new');
      assertHas(chooser.html, /href="\/admin\/channels\/new\?type=webhook"/);
      assertHas(chooser.html, /<a href="\/admin\/channels" aria-current="page">Notifications<\/a>/);
      const form = await browser.get(NEW_CHANNEL_FORM);
      assertHas(form.html, /<input type="hidden" name="type" value="webhook"/);
      assertHas(form.html, /<label for="f-config-url">URL<\/label>/);
      assertHas(form.html, /<input id="f-config-url" name="config\.url" type="text"[^>]*required/);
      assertHas(
        form.html,
        /<input id="f-config-secret" name="config\.secret" type="password" autocomplete="off"/,
      );
      assertHas(form.html, /name="enabled" type="checkbox" value="true" checked/);
    });

    it('refuses a bad URL with 400 at the field, keeps the input, echoes no secret', async () => {
      const page = await browser.submit(NEW_CHANNEL_FORM, '/admin/channels', {
        type: 'webhook',
        name: 'broken-hook',
        enabled: 'true',
        'config.url': 'ftp://example.test/hook',
        'config.secret': SECRET,
      });
      assert.equal(page.status, 400);
      assertHas(
        page.html,
        /<a href="#f-config-url">config\.url: url must be an absolute http\(s\) URL<\/a>/,
      );
      assertHas(page.html, /<input id="f-config-url" name="config\.url"[^>]*aria-invalid="true"/);
      assert.equal(inputValue(page.html, 'config.url'), 'ftp://example.test/hook');
      assert.equal(inputValue(page.html, 'name'), 'broken-hook');
      assert.ok(!page.html.includes(SECRET), 'the typed secret is not sent back');
      assert.equal(await channelNamed('broken-hook'), undefined, 'nothing stored');

      const twoWrong = await browser.submit(NEW_CHANNEL_FORM, '/admin/channels', {
        type: 'webhook',
        name: 'two-wrong',
        'config.url': 'not a url',
        'config.secret': 'x'.repeat(501),
      });
      assert.equal(twoWrong.status, 400);
      assertHas(twoWrong.html, /<a href="#f-config-url">config\.url: /, 'every problem is shown');
      assertHas(
        twoWrong.html,
        /<a href="#f-config-secret">config\.secret: secret must be at most 500 characters<\/a>/,
      );
      assertHas(twoWrong.html, /<input id="f-config-secret"[^>]*aria-invalid="true"/);

      const unnamed = await browser.submit(NEW_CHANNEL_FORM, '/admin/channels', {
        type: 'webhook',
        name: '',
        'config.url': `${receiver.url}/hook`,
      });
      assert.equal(unnamed.status, 400);
      assertHas(unnamed.html, /<a href="#f-name">/);
    });

    it('creates a channel that is listed, with its secret on no admin page', async () => {
      const created = await browser.submit(NEW_CHANNEL_FORM, '/admin/channels', {
        type: 'webhook',
        name: 'ops-hook',
        enabled: 'true',
        'config.url': `${receiver.url}/hook`,
        'config.secret': SECRET,
      });
      assert.equal(created.status, 200);
      const channel = await channelNamed('ops-hook');
      assert.ok(channel, 'stored');
      assert.equal(created.url, `/admin/channels/${channel.id}`);
      assertHas(created.html, /Channel “ops-hook” created/);
      assert.deepEqual(channel.config, { url: `${receiver.url}/hook` });
      assert.equal(channel.enabled, true);
      assert.equal(await storedSecret(channel.id), SECRET);

      const list = await browser.get('/admin/channels');
      assertHas(
        list.html,
        new RegExp(
          `<a href="/admin/channels/${channel.id}">ops-hook</a></th><td data-label="Type">Webhook</td><td data-label="State"><span>Enabled</span></td><td data-label="Routes">0</td><td data-label="Last delivery"><span class="muted">None yet</span>`,
        ),
      );
      const edit = await browser.get(`/admin/channels/${channel.id}/edit`);
      assertHas(edit.html, /Stored — leave empty to keep it\./);
      assert.equal(inputValue(edit.html, 'config.url'), `${receiver.url}/hook`);
      assertHasNot(edit.html, /name="config\.secret"[^>]*value=/, 'no value on the secret field');
      await assertSecretNowhere(channel.id);
    });

    it('keeps the secret when an edit leaves it empty: the test send is still signed', async () => {
      const channel = (await channelNamed('ops-hook'))!;
      const saved = await browser.submit(
        `/admin/channels/${channel.id}/edit`,
        `/admin/channels/${channel.id}/edit`,
        {
          name: 'ops-hook',
          enabled: 'true',
          'config.url': `${receiver.url}/moved`,
          'config.secret': '',
        },
      );
      assert.equal(saved.url, `/admin/channels/${channel.id}`);
      assertHas(saved.html, /Channel “ops-hook” saved/);
      assert.equal(await storedSecret(channel.id), SECRET, 'the secret was kept');
      assert.deepEqual((await channelNamed('ops-hook'))!.config, { url: `${receiver.url}/moved` });

      const tested = await browser.submit(
        `/admin/channels/${channel.id}`,
        `/admin/channels/${channel.id}/test`,
        {},
      );
      assert.equal(tested.url, `/admin/channels/${channel.id}`);
      assertHas(
        tested.html,
        /<div class="flash flash-success" role="status"><p>Test event sent to “ops-hook”: ok \(HTTP 200\)\.<\/p>/,
      );
      const [request] = receiver.requests('/moved');
      assert.ok(request, 'the receiver got the test event');
      assert.equal(request.method, 'POST');
      assert.equal(JSON.parse(request.body).type, 'test');
      assert.equal(
        verifyWebhookSignature({
          secret: SECRET,
          timestamp: String(request.headers['vigil-timestamp']),
          signature: String(request.headers['vigil-signature']),
          body: request.body,
          nowSeconds: Math.floor(Date.now() / 1000),
        }),
        true,
        'signed with the kept secret',
      );
      await assertSecretNowhere(channel.id);
    });

    it('shows a refused test send with the status code, and a bad edit at its field', async () => {
      receiver.behave('/refuses', { status: 500 });
      const channel = await web.services.channels.create({
        name: 'refusing',
        type: 'webhook',
        config: { url: `${receiver.url}/refuses` },
      });
      const tested = await browser.submit(
        `/admin/channels/${channel.id}`,
        `/admin/channels/${channel.id}/test`,
        {},
      );
      assertHas(
        tested.html,
        /<div class="flash flash-error" role="status"><p>Test event to “refusing” failed \(HTTP 500\): [^<]+<\/p>/,
      );
      assert.equal(receiver.requests('/refuses').length, 1);

      const bad = await browser.submit(
        `/admin/channels/${channel.id}/edit`,
        `/admin/channels/${channel.id}/edit`,
        { name: 'refusing', enabled: 'true', 'config.url': 'not a url' },
      );
      assert.equal(bad.status, 400);
      assertHas(bad.html, /<a href="#f-config-url">config\.url: [^<]+<\/a>/);
      assert.equal(inputValue(bad.html, 'config.url'), 'not a url');
      assert.deepEqual((await web.services.channels.get(channel.id)).config, {
        url: `${receiver.url}/refuses`,
      });

      const disabled = await browser.submit(
        `/admin/channels/${channel.id}/edit`,
        `/admin/channels/${channel.id}/edit`,
        { name: 'refusing', 'config.url': `${receiver.url}/refuses` },
      );
      assertHas(disabled.html, /Channel “refusing” saved/);
      assertHas(disabled.html, /<span class="tag">Disabled<\/span>/);
      assert.equal((await web.services.channels.get(channel.id)).enabled, false);
    });

    it('adds and removes routes; monitor and component pages say who hears about them', async () => {
      const channel = (await channelNamed('ops-hook'))!;
      const page = await web.services.pages.createPage({ slug: 'shop', name: 'Shop' });
      const component = await web.services.pages.createComponent(page.id, { name: 'Checkout' });
      const { monitor } = await web.services.monitors.create({
        name: 'website',
        type: 'tcp',
        target: { host: '127.0.0.1', port: 9 },
        regions: ['local'],
      });
      const channelPage = `/admin/channels/${channel.id}`;

      const before = await browser.get(`/admin/monitors/${monitor.id}`);
      assertHas(
        before.html,
        /<h2 id="notifications-title">Notifications<\/h2><p class="muted">No channel hears about this yet\.<\/p>/,
      );
      assertHas(
        before.html,
        new RegExp(
          `href="/admin/channels/${channel.id}\\?scope=monitor%3A${monitor.id}#add-route"`,
        ),
      );

      const offered = await browser.get(`${channelPage}?scope=monitor:${monitor.id}`);
      assertHas(
        offered.html,
        new RegExp(`<option value="monitor:${monitor.id}" selected>website</option>`),
      );
      assertHas(offered.html, /name="event_kinds" type="checkbox" value="monitor\.down" checked/);
      assertHas(offered.html, /name="event_kinds" type="checkbox" value="monitor\.paused"\/>/);
      assertHas(
        offered.html,
        /name="event_kinds" type="checkbox" value="monitor\.certificate_expiring" checked/,
      );

      const none = await browser.submit(channelPage, `${channelPage}/routes`, {
        scope: `monitor:${monitor.id}`,
      });
      assert.equal(none.status, 400);
      assertHas(none.html, /<a href="#f-event_kinds">tick at least one kind of event<\/a>/);
      assertHas(none.html, new RegExp(`<option value="monitor:${monitor.id}" selected>`));

      const tooOften = await browser.submit(channelPage, `${channelPage}/routes`, {
        scope: `monitor:${monitor.id}`,
        event_kinds: ['monitor.down', 'monitor.recovered'],
        remind_every: '2',
      });
      assert.equal(tooOften.status, 400);
      assertHas(tooOften.html, /<a href="#f-remind_every">remind_every must be between 5 minutes/);
      assert.equal(inputValue(tooOften.html, 'remind_every'), '2');

      const added = await browser.submit(channelPage, `${channelPage}/routes`, {
        scope: `monitor:${monitor.id}`,
        event_kinds: ['monitor.down', 'monitor.recovered'],
        remind_every: '30',
      });
      assert.equal(added.url, channelPage);
      assertHas(added.html, /Route added to “ops-hook”/);
      assertHas(
        added.html,
        new RegExp(
          `<a href="/admin/monitors/${monitor.id}">Monitor website</a></th><td data-label="Events"><span>monitor.down, monitor.recovered</span>`,
        ),
      );
      const everything = await browser.submit(channelPage, `${channelPage}/routes`, {
        scope: '',
        // Exactly the default set, as the form first shows it.
        event_kinds: [...DEFAULT_ROUTE_KINDS],
        remind_every: '',
      });
      assertHas(everything.html, /<span>Everything<\/span></);
      assertHas(added.html, /<td data-label="Reminders"><span>Every 30 min while down<\/span>/);
      const stored = await web.services.routes.list({ channelId: channel.id });
      assert.deepEqual(
        stored.map((r) => [r.monitor_id, r.component_id, r.event_kinds, r.remind_every_minutes]),
        [
          [monitor.id, null, ['monitor.down', 'monitor.recovered'], 30],
          [null, null, [], null],
        ],
        'the default set is stored as the default set',
      );
      const duplicate = await browser.submit(channelPage, `${channelPage}/routes`, {
        scope: '',
        event_kinds: ['incident.created'],
      });
      assert.equal(duplicate.status, 409);
      assertHas(
        duplicate.html,
        /<a href="#f-scope">this channel already has a route with that scope<\/a>/,
      );

      const monitorPage = await browser.get(`/admin/monitors/${monitor.id}`);
      assertHas(
        monitorPage.html,
        /ops-hook<\/a> <span class="muted">— route on Monitor website: monitor\.down, monitor\.recovered<\/span>/,
      );
      assertHas(
        monitorPage.html,
        /ops-hook<\/a> <span class="muted">— route on everything: the default events<\/span>/,
      );
      const componentPage = await browser.get(`/admin/components/${component.id}`);
      assertHas(componentPage.html, /route on everything: the default events/);
      assertHasNot(componentPage.html, /route on Monitor website/, 'the monitor does not drive it');
      const list = await browser.get('/admin/channels');
      assertHas(list.html, /<td data-label="Routes">2<\/td>/);

      const monitorRoute = stored[0]!;
      const removed = await browser.submit(
        channelPage,
        `/admin/routes/${monitorRoute.id}/delete`,
        {},
      );
      assert.equal(removed.url, channelPage);
      assertHas(removed.html, /Route removed from “ops-hook”/);
      assert.deepEqual(
        (await web.services.routes.list({ channelId: channel.id })).map((r) => r.id),
        [stored[1]!.id],
      );
      assert.equal((await browser.get(`/admin/routes/${monitorRoute.id}/delete`)).status, 404);
      const gone = await browser.post(`/admin/routes/${monitorRoute.id}/delete`, {}, removed.html);
      assert.equal(gone.status, 404);
    });

    it('lists a dead letter, retries it from the dead letters, and the notifier delivers it', async () => {
      receiver.behave('/flaky', { status: 500 });
      const channel = await web.services.channels.create({
        name: 'flaky',
        type: 'webhook',
        config: { url: `${receiver.url}/flaky` },
      });
      await web.services.routes.add({ channel_id: channel.id, event_kinds: ['incident.created'] });
      const page = await web.services.pages.createPage({ slug: 'status', name: 'Status' });
      await web.services.incidents.createIncident(page.id, { name: 'Broken', body: 'Looking.' });
      notifiers.push(
        await startNotifier({
          database: web.database,
          box: web.secretBox,
          logger: createLogger('silent'),
          concurrency: 4,
          timeoutMs: 10_000,
          maxAttempts: 2,
          retry: { baseMs: 20, maxMs: 50 },
          pollMs: 200,
        }),
      );
      const deadOne = await waitFor('the delivery to be dead', async () => {
        const { deliveries } = await web.services.deliveries.list({
          channelId: channel.id,
          status: 'dead',
          limit: 10,
          offset: 0,
        });
        return deliveries[0];
      });
      assert.equal(deadOne.attempts, 2);

      const deadPath = `/admin/deliveries?status=dead&channel=${channel.id}`;
      const dead = await browser.get(deadPath);
      assertHas(dead.html, /<h1>Dead letters<\/h1>/);
      assertHas(
        dead.html,
        new RegExp(
          `<a href="/admin/deliveries/${deadOne.id}">incident.created</a><code class="muted block small">${deadOne.eventId}</code></th><td data-label="Receiver"><a href="/admin/channels/${channel.id}">flaky</a></td><td data-label="Status"><span class="badge delivery-dead">Dead</span></td><td data-label="Attempts">2</td><td data-label="Last answer"><span>HTTP 500: [^<]+</span>`,
        ),
      );
      assertHas(dead.html, /Retry all dead for flaky/);
      const detail = await browser.get(`/admin/deliveries/${deadOne.id}`);
      assert.equal(
        (detail.html.match(/<span class="badge delivery-dead">Failed<\/span>/g) ?? []).length,
        2,
      );
      assertHas(detail.html, /<td data-label="Status code">500<\/td>/);
      assertHas(detail.html, /<h1>incident\.created to flaky<\/h1>/);

      receiver.behave('/flaky', { status: 200 });
      const retried = await browser.submit(deadPath, `/admin/deliveries/${deadOne.id}/retry`, {
        next: deadPath,
      });
      assert.equal(retried.url, deadPath);
      assertHas(
        retried.html,
        new RegExp(`Delivery ${deadOne.id} \\(incident\\.created\\) is queued again`),
      );
      const delivered = await waitFor('the retried delivery to be delivered', async () => {
        const entry = await web.services.deliveries.get(deadOne.id);
        return entry.status === 'delivered' ? entry : undefined;
      });
      assert.equal(delivered.attemptLog.at(-1)!.ok, true);
      const after = await browser.get(`/admin/deliveries/${deadOne.id}`);
      assertHas(after.html, /<dd><span class="badge delivery-delivered">Delivered<\/span><\/dd>/);
      assertHasNot(after.html, /Retry now/, 'a delivered one has no retry');
      const log = await browser.get(`/admin/deliveries?status=delivered&channel=${channel.id}`);
      assertHas(log.html, new RegExp(`href="/admin/deliveries/${deadOne.id}"`));
      const again = await browser.post(`/admin/deliveries/${deadOne.id}/retry`, {}, log.html);
      assert.equal(again.status, 400, 'a delivered one is not sent again');
    });

    it('retries every dead letter of a channel at once', async () => {
      const channel = (await channelNamed('flaky'))!;
      const ids = (
        await web.database.db
          .updateTable('deliveries')
          .set({ status: 'dead', last_error: 'made dead by the test' })
          .where('channel_id', '=', channel.id)
          .returning('id')
          .execute()
      ).map((row) => row.id);
      assert.equal(ids.length, 1);
      for (const notifier of notifiers.splice(0)) await notifier.stop();
      const deadPath = `/admin/deliveries?status=dead&channel=${channel.id}`;
      const done = await browser.submit(deadPath, `/admin/channels/${channel.id}/retry-dead`, {
        next: deadPath,
      });
      assertHas(done.html, /1 dead delivery of “flaky” queued again\./);
      assertHas(done.html, /No dead letter\./);
      assert.equal((await web.services.deliveries.get(ids[0]!)).status, 'pending');
      // With none left the button is gone; a post from a stale page only says so.
      assertHasNot(done.html, /retry-dead/);
      const nothing = await browser.follow(
        await browser.post(`/admin/channels/${channel.id}/retry-dead`, {}, done.html),
        deadPath,
      );
      assertHas(
        nothing.html,
        /<div class="flash flash-info" role="status"><p>“flaky” has no dead letter to retry\.<\/p>/,
      );
    });

    it('filters the log by receiver and subscriber, keeps the filter in its links, names a bad one', async () => {
      const flaky = (await channelNamed('flaky'))!;
      const page = await web.services.pages.createPage({ slug: 'subscribed', name: 'Subscribed' });
      await addSubscriber(web, {
        id: 'sub-ann',
        pageId: page.id,
        kind: 'email',
        address: 'ann@example.com',
        status: 'confirmed',
        componentIds: [],
      });
      await web.services.incidents.createIncident(page.id, { name: 'Slow', body: 'Looking.' });
      await fanOutBatch(web.database.db, { batchSize: 100, logger: { warn: () => undefined } });
      const [ann] = (
        await web.services.deliveries.list({ subscriberId: 'sub-ann', limit: 10, offset: 0 })
      ).deliveries;
      assert.ok(ann, 'the subscriber has a delivery');
      // One delivery names its subscriber by address (as text) and links to its log.
      await web.database.db
        .updateTable('subscribers')
        .set({ address: 'ann+<b>&</b>@example.com' })
        .where('id', '=', 'sub-ann')
        .execute();
      const annDelivery = await browser.get(`/admin/deliveries/${ann.id}`);
      assert.equal(annDelivery.status, 200);
      const shown = 'ann\\+&lt;b>&amp;&lt;/b>@example\\.com'; // a pattern; > needs no escape in text
      assertHas(annDelivery.html, new RegExp(`<title>incident\\.created to ${shown} · Vigil`));
      assertHas(annDelivery.html, new RegExp(`<h1>incident\\.created to ${shown}</h1>`));
      assertHas(
        annDelivery.html,
        new RegExp(
          `Subscriber <a href="/admin/deliveries\\?subscriber=sub-ann">${shown}</a> <code class="muted">sub-ann</code>`,
        ),
      );
      assertHasNot(annDelivery.html, /<b>&<\/b>/, 'the address is text, not markup');
      await web.database.db
        .updateTable('subscribers')
        .set({ address: 'ann@example.com' })
        .where('id', '=', 'sub-ann')
        .execute();
      const toAnn =
        /Subscriber <a href="\/admin\/deliveries\?subscriber=sub-ann"><code>sub-ann<\/code><\/a>/;
      const toFlaky = new RegExp(`<a href="/admin/channels/${flaky.id}">flaky</a></td>`);

      const subscribers = await browser.get('/admin/deliveries?target=subscriber');
      assert.equal(subscribers.status, 200);
      assertHas(subscribers.html, /<option value="subscriber" selected>Subscribers<\/option>/);
      assertHas(subscribers.html, toAnn);
      assertHasNot(subscribers.html, toFlaky, 'no channel delivery');
      const channels = await browser.get('/admin/deliveries?target=channel');
      assertHas(channels.html, toFlaky);
      assertHasNot(channels.html, /Subscriber <a/, 'no subscriber delivery');

      const annLog = await browser.get('/admin/deliveries?subscriber=sub-ann');
      assertHas(annLog.html, /Every event for ann@example\.com, newest first/);
      assertHas(annLog.html, /<p class="hint" id="f-subscriber-hint">ann@example\.com<\/p>/);
      assertHas(
        annLog.html,
        /<input id="f-subscriber" name="subscriber" type="text" value="sub-ann"/,
      );
      assertHas(annLog.html, /<h2 id="deliveries-title">1 delivery<\/h2>/);
      assertHas(annLog.html, new RegExp(`href="/admin/deliveries/${ann.id}"`));
      assertHasNot(annLog.html, toFlaky);

      // 50 more make a second page; its links and the retry buttons keep the filters.
      const { db } = web.database;
      const { outbox_id } = await db
        .selectFrom('deliveries')
        .select('outbox_id')
        .where('id', '=', ann.id)
        .executeTakeFirstOrThrow();
      const extra = Array.from({ length: 50 }, (_, i) => ({
        event_id: `extra-${i}`,
        outbox_id,
        channel_id: null,
        subscriber_id: 'sub-ann',
      }));
      await db.insertInto('deliveries').values(extra).execute();
      const filtered = '/admin/deliveries\\?target=subscriber&subscriber=sub-ann'; // a pattern
      const first = await browser.get('/admin/deliveries?target=subscriber&subscriber=sub-ann');
      assertHas(first.html, /<h2 id="deliveries-title">51 deliveries<\/h2>/);
      assertHas(first.html, new RegExp(`<a href="${filtered}&p=2" rel="next">`));
      assertHas(first.html, new RegExp(`name="next" value="${filtered}"`));
      const second = await browser.get(
        `/admin/deliveries?target=subscriber&subscriber=sub-ann&p=2`,
      );
      assertHas(second.html, new RegExp(`<a href="${filtered}&p=1" rel="prev">`));
      assertHas(second.html, new RegExp(`href="/admin/deliveries/${ann.id}"`), 'the oldest last');
      assertHas(second.html, new RegExp(`name="next" value="${filtered}&p=2"`));
      await db.deleteFrom('deliveries').where('event_id', 'like', 'extra-%').execute();

      const refused = async (query: string, field: string, message: RegExp) => {
        const answer = await browser.get(`/admin/deliveries?${query}`);
        assert.equal(answer.status, 400, query);
        assertHas(
          answer.html,
          new RegExp(
            `<p class="field-error" id="f-${field}-error"><span class="visually-hidden">Error: </span><span>${message.source}`,
          ),
        );
        assertHas(answer.html, /Nothing is listed until the filter is corrected\./);
        assertHasNot(answer.html, /href="\/admin\/deliveries\/\d+"/, 'no delivery listed');
      };
      await refused('target=pigeon', 'target', /target must be one of channel, subscriber/);
      await refused('status=lost', 'status', /status must be one of pending, delivered, dead/);
      await refused('target=channel&subscriber=sub-ann', 'target', /target is channel, but/);
      await refused(`target=subscriber&channel=${flaky.id}`, 'target', /target is subscriber, but/);
      await refused(`channel=${flaky.id}&subscriber=sub-ann`, 'subscriber', /a channel and a/);
      await refused('subscriber=nobody', 'subscriber', /no subscriber has the id “nobody”/);
      const typed = await browser.get('/admin/deliveries?target=pigeon&subscriber=sub-ann');
      assertHas(
        typed.html,
        /<input id="f-subscriber" name="subscriber" type="text" value="sub-ann"/,
      );
    });

    it('deletes a channel after confirmation, and refuses posts without the CSRF token', async () => {
      const channel = (await channelNamed('refusing'))!;
      const refused = await browser.post(`/admin/channels/${channel.id}/test`, {});
      assert.equal(refused.status, 403);
      const noToken = await browser.post(`/admin/channels/${channel.id}/delete`, {});
      assert.equal(noToken.status, 403);
      const confirm = await browser.get(`/admin/channels/${channel.id}/delete`);
      assertHas(confirm.html, /<h1>Delete refusing\?<\/h1>/);
      const deleted = await browser.submit(
        `/admin/channels/${channel.id}/delete`,
        `/admin/channels/${channel.id}/delete`,
        {},
      );
      assert.equal(deleted.url, '/admin/channels');
      assertHas(deleted.html, /Channel “refusing” deleted/);
      assert.equal(await channelNamed('refusing'), undefined);
      assert.equal((await browser.get(`/admin/channels/${channel.id}`)).status, 404);
    });
  });
}
