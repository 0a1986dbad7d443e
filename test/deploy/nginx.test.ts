// The production nginx configuration in front of two real `web` instances on PostgreSQL (started
// by the cluster launcher, without evaluators or probes): TLS with a run-time certificate, the
// HTTP redirect, forwarded headers Vigil can trust, the micro-cache (hits, bypass with
// credentials, stale copies while no instance answers), gzip, body limits, the sign-in rate limit,
// failover past a SIGKILLed instance and a rolling restart without a failed GET.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { gunzipSync } from 'node:zlib';
import { Agent, fetch as undiciFetch, request } from 'undici';
import { startCluster, type Cluster } from '../../scripts/cluster/launcher.js';
import { waitFor } from '../../scripts/cluster/wait-for.js';
import { Browser, signIn } from '../admin/browser.js';
import { createPostgresDatabase } from '../support/databases.js';
import { nginxUnavailable, postgresUnavailable } from '../support/services.js';

const ADMIN = { email: 'edge@example.com', password: 'correct horse battery staple' };
/** How long the template keeps a micro-cache entry fresh (proxy_cache_valid 200 2s). */
const CACHE_FRESH_MS = 2_000;
const SPOOFED = '203.0.113.7';

const CONFIG = `pages:
  - slug: main
    name: Edge Test Inc.
    default: true
    description: ${'A status page long enough to be worth compressing. '.repeat(8)}
    components:
      - name: Website
  - slug: internal
    name: Internal tools
    private: true
    components:
      - name: VPN
`;

describe(
  'nginx in front of two web instances',
  { skip: nginxUnavailable() || (await postgresUnavailable()) },
  () => {
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    let workDir: string;
    let cluster: Cluster;

    before(async () => {
      database = await createPostgresDatabase();
      workDir = await mkdtemp(join(tmpdir(), 'vigil-nginx-test-'));
      const configFile = join(workDir, 'vigil.yaml');
      await writeFile(configFile, CONFIG);
      cluster = await startCluster({
        databaseUrl: database.url,
        webInstances: 2,
        evaluators: 0,
        regions: [],
        admin: ADMIN,
        configFile,
        workDir: join(workDir, 'cluster'),
        // Only nginx limits sign-in here, so a 429 below is nginx's.
        env: { VIGIL_LOGIN_RATE_LIMIT: '1000' },
      });
    });

    after(async () => {
      await cluster?.stop();
      await database?.drop();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    async function get(url: string, headers: Record<string, string> = {}) {
      const response = await request(url, { dispatcher: cluster.dispatcher, headers });
      const body = Buffer.from(await response.body.arrayBuffer());
      return { status: response.statusCode, headers: response.headers, body };
    }
    const site = (path: string, headers?: Record<string, string>) =>
      get(`${cluster.url}${path}`, headers);

    /**
     * Two anonymous requests for `path` (with a query of its own each time, so that the first
     * is a miss), the second within the entry's freshness: a pair that took longer than that (a
     * stall of a loaded machine) would find the entry expired, proves nothing, and is made
     * again, at most three times in all.
     */
    async function twice(path: string) {
      for (let attempt = 1; ; attempt++) {
        const unique = `${path}?pair=${attempt}`;
        const startedMs = Date.now();
        const first = await site(unique);
        const second = await site(unique);
        if (Date.now() - startedMs < CACHE_FRESH_MS || attempt === 3)
          return [first, second] as const;
      }
    }

    /** A browser through nginx that trusts the certificate and adds `headers` to every request. */
    function browser(headers: Record<string, string> = {}): Browser {
      const send = ((url: URL, init: RequestInit = {}) =>
        undiciFetch(url, {
          ...(init as object),
          headers: { ...(init.headers as Record<string, string>), ...headers },
          dispatcher: cluster.dispatcher,
        })) as unknown as typeof fetch; // undici's fetch and Node's global one differ in types only
      return new Browser(cluster.url, send);
    }

    it('serves HTTPS with the run-time certificate, HTTP/2 offered', async () => {
      const ready = await site('/readyz');
      assert.equal(ready.status, 200, ready.body.toString());
      await assert.rejects(request(`${cluster.url}/readyz`), /certificate/i, 'not a public CA');
      const port = Number(new URL(cluster.url).port);
      const alpn = await new Promise<string | false | null>((resolve, reject) => {
        const socket = connect(
          { host: '127.0.0.1', port, ca: cluster.caCertPem, ALPNProtocols: ['h2', 'http/1.1'] },
          () => {
            resolve(socket.alpnProtocol);
            socket.end();
          },
        );
        socket.once('error', reject);
      });
      assert.equal(alpn, 'h2');
    });

    it('redirects plain HTTP to the HTTPS URL with 301, except the ACME challenge', async () => {
      const redirected = await request(`${cluster.httpUrl}/s/main/history?page=2`);
      await redirected.body.dump();
      assert.equal(redirected.statusCode, 301);
      assert.equal(redirected.headers.location, `${cluster.url}/s/main/history?page=2`);

      const challenges = join(cluster.nginx.prefix, 'acme', '.well-known', 'acme-challenge');
      await mkdir(challenges, { recursive: true });
      await writeFile(join(challenges, 'token-1'), 'token-1.key');
      const challenge = await request(`${cluster.httpUrl}/.well-known/acme-challenge/token-1`);
      assert.equal(challenge.statusCode, 200);
      assert.equal(await challenge.body.text(), 'token-1.key');
    });

    it('gives Vigil the client address, never a spoofed X-Forwarded-For, and Secure cookies', async () => {
      const spoofing = browser({ 'x-forwarded-for': SPOOFED });
      const failed = await signIn(spoofing, ADMIN.email, 'not the password');
      assert.equal(failed.status, 401);
      const line = await waitFor('a web instance to log the failed sign-in', () =>
        cluster.webs
          .flatMap((web) => web.output().split('\n'))
          .find((entry) => entry.includes('admin sign-in failed')),
      );
      assert.equal((JSON.parse(line) as { ip: string }).ip, '127.0.0.1', line);
      for (const web of cluster.webs) assert.ok(!web.output().includes(SPOOFED), web.name);

      const admin = browser();
      const signedIn = await signIn(admin, ADMIN.email, ADMIN.password);
      assert.equal(signedIn.status, 200);
      assert.match(admin.jar.lastSetCookie('vigil_session') ?? '', /;\s*Secure/i);
    });

    it('answers anonymous public requests from the micro-cache, never requests with credentials', async () => {
      const [first, second] = await twice('/api/v2/summary.json');
      assert.equal(first.status, 200);
      assert.equal(first.headers['x-cache-status'], 'MISS');
      assert.equal(second.headers['x-cache-status'], 'HIT');
      assert.deepEqual(second.body, first.body);

      const withKey = await site('/api/v2/summary.json', {
        authorization: `Bearer ${cluster.apiKey}`,
      });
      assert.equal(withKey.headers['x-cache-status'], 'BYPASS');
      const admin = browser();
      await signIn(admin, ADMIN.email, ADMIN.password);
      const session = { cookie: `vigil_session=${admin.jar.get('vigil_session')!.value}` };
      const asAdmin = await site('/s/internal', session);
      assert.equal(asAdmin.status, 200, 'a signed-in admin sees the private page');
      assert.equal(asAdmin.headers['x-cache-status'], 'BYPASS');
      // The private page's redirect to sign-in is never stored, so it cannot leak the page.
      for (let i = 0; i < 2; i++) {
        const anonymous = await site('/s/internal');
        assert.equal(anonymous.status, 302);
        assert.equal(anonymous.headers['x-cache-status'], 'MISS');
      }
      const api = await site('/api/v1/monitors', { authorization: `Bearer ${cluster.apiKey}` });
      assert.equal(api.status, 200);
      assert.equal(api.headers['x-cache-status'], undefined, '/api/v1 is never cached');
    });

    it('compresses text responses with gzip for clients that accept it', async () => {
      const zipped = await site('/', { 'accept-encoding': 'gzip' });
      assert.equal(zipped.status, 200);
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.match(String(zipped.headers.vary), /Accept-Encoding/i);
      assert.match(gunzipSync(zipped.body).toString('utf8'), /Edge Test Inc\./);
      const plain = await site('/');
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.match(plain.body.toString('utf8'), /Edge Test Inc\./);
    });

    it('lets large probe batches through and refuses other bodies over VIGIL_BODY_LIMIT_BYTES', async () => {
      const body = JSON.stringify({ agent_id: 'a', results: [], pad: 'x'.repeat(3_000_000) });
      const post = async (path: string) => {
        const response = await request(`${cluster.url}${path}`, {
          method: 'POST',
          dispatcher: cluster.dispatcher,
          headers: { 'content-type': 'application/json' },
          body,
        });
        return {
          status: response.statusCode,
          type: response.headers['content-type'],
          text: await response.body.text(),
        };
      };
      const ingest = await post('/internal/v1/probe/results');
      assert.equal(ingest.status, 401, 'reached Vigil, which wants a probe token');
      const api = await post('/api/v1/monitors');
      assert.equal(api.status, 413);
      assert.match(String(api.type), /text\/html/, 'refused by nginx before Vigil');
    });

    it('limits sign-in posts per address with 429 after the burst; the form stays open', async () => {
      // From an address of its own (loopback is 127.0.0.0/8), so earlier sign-ins do not count.
      const client = new Agent({ localAddress: '127.0.0.2', connect: { ca: cluster.caCertPem } });
      const statuses: number[] = [];
      let limited: { text: string; retryAfter: unknown } | undefined;
      try {
        for (let attempt = 0; attempt < 12 && !limited; attempt++) {
          const response = await request(`${cluster.url}/admin/login`, {
            method: 'POST',
            dispatcher: client,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `email=${encodeURIComponent(ADMIN.email)}&password=wrong`,
          });
          statuses.push(response.statusCode);
          const text = await response.body.text();
          if (response.statusCode === 429) {
            limited = { text, retryAfter: response.headers['retry-after'] };
          }
        }
        const form = await request(`${cluster.url}/admin/login`, { dispatcher: client });
        await form.body.dump();
        assert.equal(form.statusCode, 200, 'showing the form is not limited');
      } finally {
        await client.close();
      }
      assert.ok(limited, `no 429 in ${statuses.join(', ')}`);
      // One post plus a burst of 5 go through (Vigil refuses them: no CSRF token), then 429.
      assert.ok(statuses.length >= 7, `limited too early: ${statuses.join(', ')}`);
      assert.ok(!statuses.slice(0, 6).includes(429), statuses.join(', '));
      const error = JSON.parse(limited.text) as { error: { code: string; message: string } };
      assert.equal(error.error.code, 'rate_limited');
      assert.match(error.error.message, /wait a minute/);
      assert.equal(limited.retryAfter, '60');
    });

    it('sends GETs past a SIGKILLed instance to the other one', async () => {
      const [victim, survivor] = cluster.webs as [
        (typeof cluster.webs)[0],
        (typeof cluster.webs)[0],
      ];
      victim.kill('SIGKILL');
      await victim.exited;
      const auth = { authorization: `Bearer ${cluster.apiKey}` };
      for (let i = 0; i < 20; i++) {
        const ready = await site('/readyz');
        assert.equal(ready.status, 200, `request ${i}: ${ready.body.toString()}`);
        const page = await site('/', auth);
        assert.equal(page.status, 200, `uncached page, request ${i}`);
      }
      // The access log shows requests that tried the dead instance and were answered by the other.
      const log = await readFile(join(cluster.nginx.prefix, 'logs', 'access.log'), 'utf8');
      const victimAddress = new URL(victim.url!).host;
      const retried = log
        .split('\n')
        .filter(Boolean)
        .map((entry) => JSON.parse(entry) as { upstream: string; status: number })
        .filter((entry) => entry.upstream.startsWith(`${victimAddress}, `));
      assert.ok(retried.length > 0, 'some request went to the killed instance first');
      for (const entry of retried) {
        assert.equal(entry.status, 200);
        assert.ok(entry.upstream.endsWith(new URL(survivor.url!).host), entry.upstream);
      }
      await victim.start();
    });

    it('fails no GET while every instance is restarted, one right after the other', async () => {
      const auth = { authorization: `Bearer ${cluster.apiKey}` };
      const failures: string[] = [];
      let served = 0;
      let restarting = true;
      const load = async () => {
        while (restarting) {
          const response = await site('/', auth).catch((error: Error) => error);
          if (response instanceof Error) failures.push(response.message);
          else if (response.status !== 200) failures.push(`status ${response.status}`);
          else served++;
        }
      };
      const clients = Array.from({ length: 4 }, load);
      try {
        // No pause between them: the instance just restarted may still be marked as failed.
        for (const web of cluster.webs) await web.restart();
      } finally {
        restarting = false;
        await Promise.all(clients);
      }
      assert.deepEqual(
        failures.slice(0, 5),
        [],
        `${failures.length} of ${served + failures.length} failed`,
      );
      assert.ok(served > 0);
    });

    it('keeps serving the cached public page while no instance answers', async () => {
      const primed = await site('/s/main');
      assert.equal(primed.status, 200);
      for (const web of cluster.webs) assert.equal(await web.stop(), 0, web.output().slice(-2000));
      assert.equal((await site('/readyz')).status, 502, 'nothing behind nginx');
      const stale = await waitFor('the cached copy to be served stale', async () => {
        const response = await site('/s/main');
        assert.equal(response.status, 200, `status ${response.status} with both instances down`);
        return response.headers['x-cache-status'] === 'STALE' ? response : undefined;
      });
      assert.deepEqual(stale.body, primed.body);
    });
  },
);
