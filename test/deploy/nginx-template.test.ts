// The production nginx template against a recording upstream (no Vigil needed): which headers
// reach the upstream, which responses the micro-cache stores, reload with a new upstream list,
// and that the template, envsubst, the README and the example files agree on the placeholders.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startNginx, type RunningNginx } from '../../scripts/cluster/nginx.js';
import {
  NGINX_PLACEHOLDERS,
  placeholdersOf,
  readNginxTemplate,
  renderNginxTemplate,
  upstreamsFile,
  type NginxTemplateValues,
} from '../../scripts/cluster/nginx-template.js';
import { ROOT } from '../../scripts/cluster/vigil-command.js';
import { envsubstUnavailable, nginxUnavailable } from '../support/services.js';

interface Seen {
  url: string;
  httpVersion: string;
  headers: IncomingHttpHeaders;
}

/** Answers with what it received, and with the Cache-Control / Set-Cookie the query asks for. */
async function startRecorder(name: string): Promise<{ server: Server; address: string }> {
  const server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', query.get('cc') ?? 'public, max-age=0, s-maxage=10');
    if (query.has('cookie')) res.setHeader('set-cookie', 'a=b; Path=/');
    const seen: Seen = { url: req.url ?? '', httpVersion: req.httpVersion, headers: req.headers };
    res.end(JSON.stringify({ name, seen, at: process.hrtime.bigint().toString() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return { server, address: `127.0.0.1:${address.port}` };
}

describe(
  'the nginx template in front of a recording upstream',
  { skip: nginxUnavailable() },
  () => {
    let nginx: RunningNginx;
    let dispatcher: Agent;
    const recorders: Array<{ server: Server; address: string }> = [];

    before(async () => {
      recorders.push(await startRecorder('first'), await startRecorder('second'));
      nginx = await startNginx({ upstreams: [recorders[0]!.address] });
      dispatcher = new Agent({ connect: { ca: nginx.caCertPem } });
    });
    after(async () => {
      await nginx?.stop();
      await dispatcher?.close();
      for (const { server } of recorders) server.close();
    });

    async function get(path: string, headers: Record<string, string> = {}) {
      const response = await request(`${nginx.httpsUrl}${path}`, { dispatcher, headers });
      const body = (await response.body.json()) as { name: string; seen: Seen; at: string };
      return { status: response.statusCode, headers: response.headers, body };
    }

    it('sets the forwarded headers itself, over keep-alive HTTP/1.1, asking for identity', async () => {
      const { body } = await get('/admin', {
        'x-forwarded-for': '203.0.113.7',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': 'evil.example',
        'accept-encoding': 'gzip, br',
        host: '127.0.0.1',
      });
      const { headers, httpVersion } = body.seen;
      assert.equal(
        headers['x-forwarded-for'],
        '127.0.0.1',
        'the client address, not the spoofed one',
      );
      assert.equal(headers['x-forwarded-proto'], 'https');
      assert.equal(headers['x-forwarded-host'], '127.0.0.1');
      assert.equal(headers['accept-encoding'], undefined, 'nginx compresses, not Vigil');
      assert.equal(httpVersion, '1.1');
      assert.notEqual(headers.connection, 'close', 'upstream connections are kept alive');
    });

    it('caches only public responses of public paths, never with credentials', async () => {
      // The cache status of a second request for `path` (a query of its own each time). The
      // template keeps an entry fresh for 2 s: a pair that took longer than that (a stall of a
      // loaded machine) would find a stored entry expired, proves nothing, and is made again.
      const statusOf = async (path: string, headers: Record<string, string> = {}) => {
        for (let attempt = 1; ; attempt++) {
          const unique = `${path}${path.includes('?') ? '&' : '?'}pair=${attempt}`;
          const startedMs = Date.now();
          await get(unique, headers);
          const status = (await get(unique, headers)).headers['x-cache-status'];
          if (Date.now() - startedMs < 2_000 || attempt === 3) return status;
        }
      };
      assert.equal(await statusOf('/api/v2/summary.json?case=public'), 'HIT');
      assert.equal(await statusOf('/s/main/feed.atom?case=public'), 'HIT');
      for (const cc of ['private, no-cache', 'no-store', 'no-cache', 'public, s-maxage=0']) {
        const path = `/api/v2/summary.json?cc=${encodeURIComponent(cc)}`;
        assert.equal(await statusOf(path), 'MISS', `Cache-Control: ${cc} is not stored`);
      }
      assert.equal(await statusOf('/?case=cookie&cookie=1'), 'MISS', 'Set-Cookie is not stored');
      assert.equal(await statusOf('/?case=auth', { authorization: 'Bearer x' }), 'BYPASS');
      assert.equal(await statusOf('/?case=session', { cookie: 'vigil_session=x' }), 'BYPASS');
      for (const path of [
        '/admin',
        '/api/v1/monitors',
        '/internal/v1/probe/assignment',
        '/healthz',
      ]) {
        assert.equal(await statusOf(path), undefined, `${path} is never cached`);
      }
    });

    it('sends new requests to a new upstream list after reload', async () => {
      await nginx.reload([recorders[1]!.address]);
      assert.equal((await get('/admin?after-reload')).body.name, 'second');
      await assert.rejects(nginx.reload(['not an address']), /HOST:PORT/);
    });
  },
);

describe('the nginx template and its documentation', () => {
  const template = readNginxTemplate();
  const values = Object.fromEntries(
    NGINX_PLACEHOLDERS.map((name) => [name, `/value/of/${name.toLowerCase()}`]),
  ) as NginxTemplateValues;

  it('uses exactly the documented placeholders', () => {
    assert.deepEqual([...placeholdersOf(template)].sort(), [...NGINX_PLACEHOLDERS].sort());
    const readme = readFileSync(join(ROOT, 'deploy/nginx/README.md'), 'utf8');
    const example = readFileSync(join(ROOT, 'deploy/nginx/vigil.env.example'), 'utf8');
    for (const name of NGINX_PLACEHOLDERS) {
      assert.ok(readme.includes(name), `README documents ${name}`);
      assert.match(example, new RegExp(`^${name}=`, 'm'), `vigil.env.example sets ${name}`);
    }
  });

  it(
    'renders the same as envsubst with the list of Vigil variables',
    { skip: envsubstUnavailable() },
    () => {
      const rendered = execFileSync(
        'envsubst',
        [NGINX_PLACEHOLDERS.map((name) => `$${name}`).join(' ')],
        { input: template, env: { ...values, PATH: process.env.PATH }, encoding: 'utf8' },
      );
      assert.equal(renderNginxTemplate(template, values), rendered);
    },
  );

  it('lists web instances with the parameters the cluster writes: primaries, then backups', () => {
    const example = readFileSync(join(ROOT, 'deploy/nginx/upstreams.conf.example'), 'utf8');
    const servers = example.split('\n').filter((line) => line.startsWith('server '));
    const addresses = servers.map((line) => line.split(' ')[1]!).slice(0, servers.length / 2);
    assert.ok(addresses.length > 0);
    assert.equal(servers.map((line) => `${line}\n`).join(''), upstreamsFile(addresses));
  });
});
