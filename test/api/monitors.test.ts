// Monitors and probe tokens through the management API, on both backends: round trips, errors
// named by field (with the column for conditions), scopes, and secrets shown once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { apiClient, assertGone, create, errorOf, newKey, serveForSuite } from './client.js';

const website = {
  name: 'website',
  type: 'http',
  target: { url: 'http://127.0.0.1:8080/health', method: 'GET' },
  interval: '10s',
  regions: ['local'],
  conditions: ['status == 200', 'latency < 500ms'],
  failure_threshold: 2,
  success_threshold: 1,
};

for (const backend of await databaseBackends()) {
  describe(
    `management API of monitors and probe tokens on ${backend.name}`,
    { skip: backend.skip },
    () => {
      const server = serveForSuite(backend);
      const { call } = server;

      async function newComponent(name: string): Promise<string> {
        const page = await call('POST', '/pages', { json: { slug: name, name } });
        const component = await call('POST', `/pages/${page.body.id}/components`, {
          json: { name },
        });
        assert.equal(component.status, 201);
        return component.body.id;
      }

      it('creates, reads, lists, changes, pauses, resumes and deletes a monitor', async () => {
        const componentId = await newComponent('crud');
        const {
          body: monitor,
          location,
          read,
        } = await create(call, '/monitors', {
          ...website,
          components: [componentId],
        });
        assert.deepEqual(read, monitor);
        assert.equal(monitor.interval, '10s');
        assert.equal(monitor.timeout, '5s');
        assert.equal(monitor.quorum, 1);
        assert.equal(monitor.degraded_latency, null);
        assert.deepEqual(monitor.target, website.target);
        assert.deepEqual(monitor.conditions, website.conditions);
        assert.deepEqual(monitor.components, [componentId]);
        assert.equal('heartbeat' in monitor, false);

        const list = await call('GET', '/monitors');
        assert.deepEqual(
          list.body.data.map((m: { id: string }) => m.id),
          [monitor.id],
        );

        const patched = await call('PATCH', location, {
          json: { degraded_latency: '2s', target: { url: 'https://example.com/' }, components: [] },
        });
        assert.equal(patched.status, 200, JSON.stringify(patched.body));
        assert.equal(patched.body.degraded_latency, '2s');
        assert.deepEqual(patched.body.target, { url: 'https://example.com/' });
        assert.deepEqual(patched.body.components, []);
        assert.equal(patched.body.failure_threshold, 2, 'fields not sent stay');

        const paused = await call('POST', `${location}/pause`);
        assert.equal(paused.status, 200, JSON.stringify(paused.body));
        assert.equal(paused.body.paused, true);
        const resumed = await call('POST', `${location}/resume`, { json: {} });
        assert.equal(resumed.body.paused, false);

        const taken = await call('POST', '/monitors', { json: { ...website } });
        assert.equal(taken.status, 409);
        assert.equal(errorOf(taken).field, 'name');

        assert.equal((await call('DELETE', location)).status, 204);
        await assertGone(call, location);
      });

      it('answers a bad condition with its index and column', async () => {
        const response = await call('POST', '/monitors', {
          json: { ...website, name: 'bad-condition', conditions: ['status == 200', 'latency < '] },
        });
        assert.equal(response.status, 400);
        const error = errorOf(response);
        assert.equal(error.code, 'validation_failed');
        assert.equal(error.field, 'conditions[1]');
        assert.match(error.message, /^conditions\[1\]: column 11: expected/);
        assert.equal((await call('GET', '/monitors')).body.pagination.total, 0, 'nothing stored');
      });

      it('names the bad field of a target, type or setting, and an unknown component', async () => {
        const cases: [Record<string, unknown>, string][] = [
          [{ type: 'tcp', target: { host: '127.0.0.1', port: 0 } }, 'target.port'],
          [{ target: { url: 'ftp://example.com/' } }, 'target.url'],
          [{ target: { url: 'http://a/', colour: 'red' } }, 'target.colour'],
          [{ type: 'dns', target: { name: 'a.b', record_type: 'SRV' } }, 'target.record_type'],
          [{ type: 'gopher' }, 'type'],
          [{ interval: '5s' }, 'interval'],
          [{ quorum: 2 }, 'quorum'],
          [{ components: ['no-such-component'] }, 'components'],
        ];
        for (const [change, field] of cases) {
          const response = await call('POST', '/monitors', {
            json: { ...website, name: 'bad', ...change },
          });
          assert.equal(response.status, 400, `${field}: ${JSON.stringify(response.body)}`);
          assert.equal(errorOf(response).field, field, JSON.stringify(response.body));
        }
      });

      it('sets certificate notice days on http and tls monitors only, naming a bad entry', async () => {
        const created = await call('POST', '/monitors', {
          json: { ...website, name: 'cert-days', certificate_expiry_days: [7, 30, 1] },
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.deepEqual(created.body.certificate_expiry_days, [30, 7, 1], 'largest first');
        const location = `/monitors/${created.body.id}`;
        const off = await call('PATCH', location, { json: { certificate_expiry_days: [] } });
        assert.deepEqual(off.body.certificate_expiry_days, [], 'no notices');
        const other = await call('PATCH', location, { json: { interval: '1m' } });
        assert.deepEqual(other.body.certificate_expiry_days, [], 'unsent, it stays');
        const reset = await call('PATCH', location, { json: { certificate_expiry_days: null } });
        assert.deepEqual(reset.body.certificate_expiry_days, [14, 7, 3, 1], 'null: the default');

        const bad: [unknown, string, RegExp][] = [
          [[30, 0], 'certificate_expiry_days[1]', /whole days from 1 to 365 \(got 0\)/],
          [[14, 7, 14], 'certificate_expiry_days[2]', /must not repeat 14/],
          [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 'certificate_expiry_days', /at most 10/],
        ];
        for (const [days, field, message] of bad) {
          const response = await call('PATCH', location, {
            json: { certificate_expiry_days: days },
          });
          assert.equal(response.status, 400, JSON.stringify(response.body));
          assert.equal(errorOf(response).field, field);
          assert.match(errorOf(response).message, message);
        }
        const halfDay = await call('PATCH', location, {
          json: { certificate_expiry_days: [7.5] },
        });
        assert.equal(halfDay.status, 400);
        // The schema (integers) refuses it before the service, naming the entry its own way.
        assert.equal(errorOf(halfDay).field, 'certificate_expiry_days.0');
        const read = await call('GET', location);
        assert.deepEqual(read.body.certificate_expiry_days, [14, 7, 3, 1], 'nothing stored');

        const tls = await call('POST', '/monitors', {
          json: {
            name: 'cert-tls',
            type: 'tls',
            target: { host: 'example.com' },
            regions: ['local'],
          },
        });
        assert.deepEqual(tls.body.certificate_expiry_days, [14, 7, 3, 1]);
        const tcp = { name: 'cert-tcp', type: 'tcp', target: { host: 'db', port: 5432 } };
        const refused = await call('POST', '/monitors', {
          json: { ...tcp, regions: ['local'], certificate_expiry_days: [7] },
        });
        assert.equal(refused.status, 400);
        assert.equal(errorOf(refused).field, 'certificate_expiry_days');
        assert.match(errorOf(refused).message, /not a setting of tcp monitors/);
        const plain = await call('POST', '/monitors', { json: { ...tcp, regions: ['local'] } });
        assert.equal(plain.status, 201, JSON.stringify(plain.body));
        assert.equal('certificate_expiry_days' in plain.body, false, 'sees no certificate');
        const patched = await call('PATCH', `/monitors/${plain.body.id}`, {
          json: { certificate_expiry_days: [7] },
        });
        assert.equal(patched.status, 400);
        assert.equal(errorOf(patched).field, 'certificate_expiry_days');
        for (const id of [created.body.id, tls.body.id, plain.body.id])
          assert.equal((await call('DELETE', `/monitors/${id}`)).status, 204);
      });

      it("turns a component's automatic incidents on and off", async () => {
        const componentId = await newComponent('auto');
        const read = await call('GET', `/components/${componentId}`);
        assert.equal(read.body.auto_incident, false, 'off unless asked for');
        const on = await call('PATCH', `/components/${componentId}`, {
          json: { auto_incident: true },
        });
        assert.equal(on.status, 200, JSON.stringify(on.body));
        assert.equal(on.body.auto_incident, true);
        assert.equal((await call('GET', `/components/${componentId}`)).body.auto_incident, true);
        const bad = await call('PATCH', `/components/${componentId}`, {
          json: { auto_incident: 'yes' },
        });
        assert.equal(bad.status, 400);
        assert.equal(errorOf(bad).field, 'auto_incident');
        assert.equal((await call('GET', `/components/${componentId}`)).body.auto_incident, true);
      });

      it('lets a read key list monitors but not write them', async () => {
        const read = apiClient(server.web, await newKey(server.web, 'read'));
        assert.equal((await read('GET', '/monitors')).status, 200);
        const refused = await read('POST', '/monitors', {
          json: { ...website, name: 'by-reader' },
        });
        assert.equal(refused.status, 403);
        assert.equal((await read('POST', '/probe-tokens', { json: { region: 'x' } })).status, 403);
        const names = (await call('GET', '/monitors')).body.data.map(
          (m: { name: string }) => m.name,
        );
        assert.ok(!names.includes('by-reader'));
      });

      it('shows a heartbeat secret once, with its push path', async () => {
        const created = await call('POST', '/monitors', {
          json: {
            name: 'backup',
            type: 'heartbeat',
            target: { grace: '5m' },
            interval: '1d',
            regions: ['local'],
          },
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const { secret, path } = created.body.heartbeat;
        assert.ok(secret.length >= 32);
        assert.equal(path, `/api/v1/heartbeat/${secret}`);
        assert.deepEqual(created.body.target, { grace: '5m' });
        const read = await call('GET', `/monitors/${created.body.id}`);
        assert.equal('heartbeat' in read.body, false);
        assert.ok(!JSON.stringify(read.body).includes(secret));
        const list = await call('GET', '/monitors');
        assert.ok(!JSON.stringify(list.body).includes(secret));
      });

      it('creates, lists and revokes probe tokens, showing the secret once', async () => {
        const {
          body: token,
          location,
          read,
        } = await create(call, '/probe-tokens', {
          region: 'eu-west',
          name: 'agent 1',
        });
        assert.match(token.secret, /^vigil_probe_/);
        assert.equal(read.secret, undefined);
        assert.equal(token.region, 'eu-west');
        const listed = await call('GET', '/probe-tokens?region=eu-west');
        assert.deepEqual(
          listed.body.data.map((t: { id: string }) => t.id),
          [token.id],
        );
        assert.equal((await call('GET', '/probe-tokens?region=us-east')).body.data.length, 0);
        assert.equal((await call('DELETE', location)).status, 204);
        assert.notEqual((await call('GET', location)).body.revoked_at, null);
        const twice = await call('DELETE', location);
        assert.equal(twice.status, 400);
        const bad = await call('POST', '/probe-tokens', { json: { region: 'EU West' } });
        assert.equal(bad.status, 400);
        assert.equal(errorOf(bad).field, 'region');
      });
    },
  );
}
