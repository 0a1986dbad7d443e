// Monitors and probe tokens through the admin forms: create, reject with the line and column of a
// bad condition or a bad certificate notice day at its field, edit, pause, delete, the monitor page with region verdicts, history and latency
// chart, heartbeat and probe token secrets shown once, and CSRF refusals.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateOne } from '../../src/evaluator/evaluate-monitor.js';
import { CheckResultRepository } from '../../src/store/check-result-repository.js';
import { ProbeTokenRepository } from '../../src/store/probe-token-repository.js';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, TEST_ADMIN, type TestWeb } from '../support/web.js';
import { Browser, assertHas, assertHasNot, inputValue, signIn } from './browser.js';

const BASE_URL = 'https://status.example.test';

/** The form of a new HTTP monitor as an admin fills it in. */
const httpFields = (name: string): Record<string, string | string[]> => ({
  type: 'http',
  name,
  'target.url': 'https://shop.example.test/health',
  'target.method': 'GET',
  'target.headers': 'Accept: application/json\nX-Probe: "vigil"',
  'target.follow_redirects': 'true',
  'target.verify_tls': 'true',
  interval: '30s',
  timeout: '',
  regions: 'eu-west, us-east',
  failure_threshold: '2',
  success_threshold: '1',
  quorum: '',
  degraded_latency: '800ms',
  certificate_expiry_days: '7, 30',
  conditions: 'status == 200\n\nlatency < 2s',
});

for (const backend of await databaseBackends()) {
  describe(`admin monitors and probe tokens on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let browser: Browser;
    let componentId: string;
    before(async () => {
      web = await startTestWeb(await backend.create(), { VIGIL_BASE_URL: BASE_URL });
      browser = new Browser(web.baseUrl);
      await signIn(browser, TEST_ADMIN.email, TEST_ADMIN.password);
      const page = await web.services.pages.createPage({ slug: 'shop', name: 'Shop' });
      componentId = (await web.services.pages.createComponent(page.id, { name: 'Checkout' })).id;
    });
    after(() => web?.close());

    const monitorNamed = async (name: string) =>
      (await web.services.monitors.list()).find((detail) => detail.monitor.name === name);

    it('creates an HTTP monitor through the type step and the form, then lists it', async () => {
      const chooser = await browser.get('/admin/monitors/new');
      assertHas(chooser.html, /href="\/admin\/monitors\/new\?type=http"/);
      assertHas(chooser.html, /<a href="\/admin\/monitors" aria-current="page">Monitors<\/a>/);
      const form = await browser.get('/admin/monitors/new?type=http');
      assertHas(form.html, /<input type="hidden" name="type" value="http"/);
      assertHas(form.html, /name="components" type="checkbox" value="[a-z0-9]+"/);
      assertHasNot(form.html, /name="target\.port"/, 'only the HTTP target fields are shown');
      assert.equal(inputValue(form.html, 'certificate_expiry_days'), '14, 7, 3, 1');
      const tcpForm = await browser.get('/admin/monitors/new?type=tcp');
      assertHasNot(tcpForm.html, /name="certificate_expiry_days"/, 'a tcp check sees none');

      const created = await browser.submit('/admin/monitors/new?type=http', '/admin/monitors', {
        ...httpFields('shop-health'),
        components: [componentId],
      });
      assert.equal(created.status, 200);
      assertHas(created.html, /Monitor “shop-health” created/);
      const detail = await monitorNamed('shop-health');
      assert.ok(detail, 'stored');
      assert.equal(created.url, `/admin/monitors/${detail.monitor.id}`);
      assert.deepEqual(detail.monitor.spec, {
        url: 'https://shop.example.test/health',
        method: 'GET',
        headers: { Accept: 'application/json', 'X-Probe': '"vigil"' },
        followRedirects: true,
        verifyTls: true,
      });
      assert.deepEqual(detail.monitor.conditions, ['status == 200', 'latency < 2s']);
      assert.deepEqual(detail.monitor.settings.regions, ['eu-west', 'us-east']);
      assert.equal(detail.monitor.settings.intervalMs, 30_000);
      assert.equal(detail.monitor.settings.quorum, 2, 'empty quorum is a majority');
      assert.equal(detail.monitor.settings.degradedLatencyMs, 800);
      assert.deepEqual(detail.monitor.settings.certificateExpiryDays, [30, 7]);
      assert.deepEqual(detail.componentIds, [componentId]);
      const shown = await browser.get(`/admin/monitors/${detail.monitor.id}`);
      assertHas(shown.html, /<dt>Certificate notices<\/dt><dd><span>30, 7 days before expiry/);

      const list = await browser.get('/admin/monitors');
      assertHas(list.html, /<a href="\/admin\/monitors\/[a-z0-9]+">shop-health<\/a>/);
      assertHas(list.html, /GET https:\/\/shop\.example\.test\/health/);
      assertHas(list.html, /eu-west, us-east/);
      assertHas(list.html, /<td data-label="Interval">30s<\/td>/);
      assertHas(list.html, /class="badge monitor-pending">Pending</, 'no state yet is pending');
    });

    it('shows a bad condition at its line and column, keeps the input and stores nothing', async () => {
      const page = await browser.submit('/admin/monitors/new?type=http', '/admin/monitors', {
        ...httpFields('broken-conditions'),
        conditions: 'status == 200\n\nlatency <',
      });
      assert.equal(page.status, 400);
      assertHas(page.html, /<a href="#f-conditions">line 3, column \d+: [^<]+<\/a>/);
      assertHas(page.html, /id="f-conditions"[^>]*aria-invalid="true"/);
      assertHas(page.html, /<textarea id="f-conditions"[^>]*>status == 200\n\nlatency &lt;/);
      assert.equal(inputValue(page.html, 'name'), 'broken-conditions');
      assert.equal(inputValue(page.html, 'target.url'), 'https://shop.example.test/health');
      assert.equal(await monitorNamed('broken-conditions'), undefined, 'nothing stored');

      const badHeader = await browser.submit('/admin/monitors/new?type=http', '/admin/monitors', {
        ...httpFields('broken-header'),
        'target.headers': 'Accept: text/plain\nno colon here',
      });
      assert.equal(badHeader.status, 400);
      assertHas(badHeader.html, /<a href="#f-target-headers">line 2: write each header/);

      const badDays = await browser.submit('/admin/monitors/new?type=http', '/admin/monitors', {
        ...httpFields('broken-days'),
        certificate_expiry_days: '30, 14, 400',
      });
      assert.equal(badDays.status, 400);
      assertHas(
        badDays.html,
        /<a href="#f-certificate_expiry_days">certificate_expiry_days must list whole days from 1 to 365 \(got 400\)<\/a>/,
      );
      assertHas(badDays.html, /id="f-certificate_expiry_days"[^>]*aria-invalid="true"/);
      assert.equal(inputValue(badDays.html, 'certificate_expiry_days'), '30, 14, 400');
      assert.equal(await monitorNamed('broken-days'), undefined, 'nothing stored');
    });

    it('edits a monitor from a form filled with its stored values', async () => {
      const { monitor } = (await monitorNamed('shop-health'))!;
      const form = await browser.get(`/admin/monitors/${monitor.id}/edit`);
      assert.equal(inputValue(form.html, 'interval'), '30s');
      assert.equal(inputValue(form.html, 'regions'), 'eu-west, us-east');
      assert.equal(inputValue(form.html, 'certificate_expiry_days'), '30, 7');
      assertHas(form.html, /name="target\.follow_redirects" type="checkbox" value="true" checked/);
      assertHasNot(form.html, /name="type"/, 'the type cannot change');

      const saved = await browser.submit(
        `/admin/monitors/${monitor.id}/edit`,
        `/admin/monitors/${monitor.id}/edit`,
        {
          ...httpFields('shop-health'),
          'target.headers': '',
          interval: '1m',
          regions: 'eu-west, us-east, ap-south',
          conditions: 'status == 204',
          degraded_latency: '',
          certificate_expiry_days: '',
        },
      );
      assert.equal(saved.url, `/admin/monitors/${monitor.id}`);
      assertHas(saved.html, /Monitor “shop-health” saved/);
      const { monitor: updated, componentIds } = await web.services.monitors.get(monitor.id);
      assert.equal(updated.settings.intervalMs, 60_000);
      assert.equal(updated.settings.quorum, 2);
      assert.equal(updated.settings.degradedLatencyMs, null);
      assert.deepEqual(updated.settings.certificateExpiryDays, [], 'emptied: no notices');
      assert.deepEqual(updated.conditions, ['status == 204']);
      assert.equal(updated.spec.headers, undefined);
      assert.deepEqual(componentIds, [], 'unticked components are released');
    });

    it('pauses and resumes a monitor from its page', async () => {
      const { monitor } = (await monitorNamed('shop-health'))!;
      const paused = await browser.submit(
        `/admin/monitors/${monitor.id}`,
        `/admin/monitors/${monitor.id}/pause`,
        {},
      );
      assertHas(paused.html, /Monitor “shop-health” paused/);
      assertHas(paused.html, /class="badge monitor-paused">Paused</);
      assert.equal((await web.services.monitors.get(monitor.id)).monitor.settings.paused, true);
      const resumed = await browser.submit(
        `/admin/monitors/${monitor.id}`,
        `/admin/monitors/${monitor.id}/resume`,
        {},
      );
      assertHas(resumed.html, /Monitor “shop-health” resumed/);
      assert.equal((await web.services.monitors.get(monitor.id)).monitor.settings.paused, false);
    });

    it('shows region verdicts, status changes and the latency chart once there are results', async () => {
      const { monitor } = await web.services.monitors.create({
        name: 'api-latency',
        type: 'tcp',
        target: { host: 'db.example.test', port: 5432 },
        regions: ['eu-west', 'us-east'],
        failure_threshold: 1,
        success_threshold: 1,
        conditions: ['tcp.connected == true'],
      });
      const now = Date.now();
      const results = [];
      for (let i = 0; i < 6; i++) {
        const checkedAt = new Date(now - (6 - i) * 60_000);
        results.push(
          {
            id: `us-${i}`,
            monitorId: monitor.id,
            region: 'us-east',
            checkedAt,
            passed: true,
            latencyMs: 40 + i * 10,
          },
          {
            id: `eu-${i}`,
            monitorId: monitor.id,
            region: 'eu-west',
            checkedAt,
            passed: i < 3,
            latencyMs: i < 3 ? 60 : null,
            errorClass: i < 3 ? null : 'refused',
            errorMessage: i < 3 ? null : 'connection refused',
            conditionResults: [
              { condition: 'tcp.connected == true', passed: i < 3, observed: { connected: i < 3 } },
            ],
          },
        );
      }
      // First every region passes, then eu-west starts failing: up, then degraded.
      const repository = new CheckResultRepository(web.database.db);
      await repository.insertBatch(results.slice(0, 6));
      const first = await evaluateOne(web.database.db, monitor.id, new Date(now - 3 * 60_000));
      assert.equal(first.status, 'up');
      await repository.insertBatch(results.slice(6));
      const outcome = await evaluateOne(web.database.db, monitor.id, new Date(now));
      assert.equal(outcome.status, 'degraded', 'one of two regions failing is below the quorum');

      const page = await browser.get(`/admin/monitors/${monitor.id}`);
      assert.equal(page.status, 200);
      assertHas(
        page.html,
        /class="badge monitor-degraded">Degraded<\/span><span class="muted"> since/,
      );
      assertHas(
        page.html,
        /<tr class="region-failing"><th scope="row">eu-west<\/th><td data-label="Verdict"><span class="badge verdict-failing">Failing/,
        'the failing region is visible in the monitor view',
      );
      assertHas(page.html, /<tr class="region-ok"><th scope="row">us-east<\/th>/);
      assertHas(page.html, /refused: connection refused/);
      assertHas(page.html, /tcp\.connected == true failed: \{&#34;connected&#34;:false\}/);
      assertHas(page.html, /class="badge monitor-up">Up<\/span><span aria-label="to">→/);
      assertHas(page.html, /Failing regions: eu-west/);
      assertHas(page.html, /<svg class="latency-svg"/);
      assertHas(page.html, /class="latency-line latency-p50"|class="latency-dot latency-p50"/);
      assertHas(page.html, /href="\/admin\/monitors\/[a-z0-9]+\?range=24h" aria-current="page"/);

      const month = await browser.get(`/admin/monitors/${monitor.id}?range=30d`);
      assertHas(month.html, /href="\/admin\/monitors\/[a-z0-9]+\?range=30d" aria-current="page"/);
      assertHas(month.html, /over the last 30 days/);

      const list = await browser.get('/admin/monitors');
      assertHas(list.html, /db\.example\.test:5432/);
      assertHas(list.html, /class="badge monitor-degraded">Degraded</);
    });

    it('deletes a monitor after the confirmation page', async () => {
      const { monitor } = (await monitorNamed('shop-health'))!;
      const confirm = await browser.get(`/admin/monitors/${monitor.id}/delete`);
      assertHas(confirm.html, /Delete shop-health\?/);
      const deleted = await browser.submit(
        `/admin/monitors/${monitor.id}/delete`,
        `/admin/monitors/${monitor.id}/delete`,
        {},
      );
      assert.equal(deleted.url, '/admin/monitors');
      assertHas(deleted.html, /Monitor “shop-health” deleted/);
      assert.equal(await monitorNamed('shop-health'), undefined);
      assert.equal((await browser.get(`/admin/monitors/${monitor.id}`)).status, 404);
    });

    it('shows a heartbeat monitor its full push URL once', async () => {
      const created = await browser.submit(
        '/admin/monitors/new?type=heartbeat',
        '/admin/monitors',
        {
          type: 'heartbeat',
          name: 'nightly-backup',
          'target.grace': '5m',
          interval: '1d',
          regions: 'local',
          failure_threshold: '1',
          success_threshold: '1',
        },
      );
      assert.equal(created.status, 201);
      assertHas(created.html, /shown only once/);
      const url = /id="f-secret"[^>]*value="([^"]+)"/.exec(created.html)?.[1] ?? '';
      assert.ok(url.startsWith(`${BASE_URL}/api/v1/heartbeat/`), `full push URL, got ${url}`);
      const secret = url.slice(`${BASE_URL}/api/v1/heartbeat/`.length);
      const stored = await monitorNamed('nightly-backup');
      assert.equal(stored?.monitor.spec.graceMs, 300_000);
      const detail = await browser.get(`/admin/monitors/${stored!.monitor.id}`);
      assertHasNot(detail.html, new RegExp(secret), 'the monitor page never shows the secret');
      assertHasNot((await browser.get('/admin/monitors')).html, new RegExp(secret));
    });

    it('shows a new probe token once, never in the list, and revokes it', async () => {
      const rejected = await browser.submit('/admin/probe-tokens', '/admin/probe-tokens', {
        region: 'Not A Region',
        name: '',
      });
      assert.equal(rejected.status, 400);
      assertHas(rejected.html, /id="f-region"[^>]*aria-invalid="true"/);
      assertHasNot(rejected.html, /id="f-secret"/);

      const created = await browser.submit('/admin/probe-tokens', '/admin/probe-tokens', {
        region: 'eu-west',
        name: 'frankfurt vm',
      });
      assert.equal(created.status, 201);
      assertHas(created.html, /shown only once/);
      const secret = /id="f-secret"[^>]*value="([^"]+)"/.exec(created.html)?.[1] ?? '';
      const tokens = new ProbeTokenRepository(web.database.db);
      const signedIn = await tokens.authenticate(secret);
      assert.equal(signedIn?.region, 'eu-west');

      const list = await browser.get('/admin/probe-tokens');
      assertHas(list.html, /<th scope="row">eu-west<\/th><td data-label="Name">frankfurt vm<\/td>/);
      assertHasNot(list.html, new RegExp(secret.slice(-20)), 'the list never shows the token');
      assertHasNot(list.html, /id="f-secret"/);

      const form = await browser.get(`/admin/probe-tokens/${signedIn!.tokenId}/revoke`);
      assertHas(form.html, /Revoke the token of frankfurt vm\?/);
      const revoked = await browser.submit(
        `/admin/probe-tokens/${signedIn!.tokenId}/revoke`,
        `/admin/probe-tokens/${signedIn!.tokenId}/revoke`,
        {},
      );
      assert.equal(revoked.url, '/admin/probe-tokens');
      assertHas(revoked.html, /Probe token “frankfurt vm” revoked/);
      assertHas(revoked.html, /class="badge status-revoked">Revoked/);
      assert.equal(await tokens.authenticate(secret), undefined);
    });

    it('refuses monitor and probe token posts without a valid CSRF token', async () => {
      const missing = await browser.post('/admin/monitors', httpFields('no-token'));
      assert.equal(missing.status, 403);
      await missing.arrayBuffer();
      const forged = await browser.post('/admin/monitors', {
        _csrf: 'forged-token',
        ...httpFields('forged-token'),
      });
      assert.equal(forged.status, 403);
      await forged.arrayBuffer();
      assert.equal(await monitorNamed('no-token'), undefined);
      assert.equal(await monitorNamed('forged-token'), undefined);

      const { monitor } = (await monitorNamed('api-latency'))!;
      const pause = await browser.post(`/admin/monitors/${monitor.id}/pause`, {});
      assert.equal(pause.status, 403);
      await pause.arrayBuffer();
      assert.equal((await web.services.monitors.get(monitor.id)).monitor.settings.paused, false);
      const token = await browser.post('/admin/probe-tokens', { region: 'us-east' });
      assert.equal(token.status, 403);
      await token.arrayBuffer();
      assert.ok(!(await web.services.probeTokens.list()).some((t) => t.region === 'us-east'));
    });
  });
}
