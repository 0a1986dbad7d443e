// The scripts and styles of the subscribe form, served from our own origin (no CDN, and the
// strict CSP allows nothing else): the ALTCHA widget build without inline styles or workers
// (altcha/external), its stylesheet, the PBKDF2 worker, and a small module that registers that
// worker with the widget. Each has a content-hashed URL and may be cached for a year.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { etagOf } from '../../../cache/rendered.js';
import type { SubscribeAssets } from '../views/subscribe.js';

const ONE_YEAR_SECONDS = 31_536_000;
const JS = 'text/javascript; charset=utf-8';
export const CHALLENGE_PATH = '/subscribe/challenge';

interface Asset {
  path: string;
  type: string;
  body: string;
  etag: string;
  href: string;
}

function asset(path: string, type: string, body: string): Asset {
  const etag = etagOf(body);
  return { path, type, body, etag, href: `${path}?v=${etag.slice(1, 11)}` };
}

export function loadSubscribeAssets(): { assets: Asset[]; hrefs: SubscribeAssets } {
  const external = dirname(fileURLToPath(import.meta.resolve('altcha/external')));
  const read = (file: string) => readFileSync(join(external, file), 'utf8');
  const widget = asset('/assets/altcha/altcha.js', JS, read('altcha.min.js'));
  const css = asset('/assets/altcha/altcha.css', 'text/css; charset=utf-8', read('altcha.css'));
  const worker = asset('/assets/altcha/pbkdf2-worker.js', JS, read('../workers/pbkdf2.js'));
  const script = asset(
    '/assets/subscribe.js',
    JS,
    [
      '// Loads the ALTCHA widget and gives it the PBKDF2 worker (the external build has none).',
      `import ${JSON.stringify(widget.href)};`,
      `const worker = () => new Worker(${JSON.stringify(worker.href)});`,
      "for (const name of ['PBKDF2/SHA-256', 'PBKDF2/SHA-384', 'PBKDF2/SHA-512']) {",
      '  globalThis.$altcha.algorithms.set(name, worker);',
      '}',
      '',
    ].join('\n'),
  );
  return {
    assets: [widget, css, worker, script],
    hrefs: { altchaCss: css.href, script: script.href, challengeUrl: CHALLENGE_PATH },
  };
}

export function subscribeAssetRoutes(app: FastifyInstance, assets: readonly Asset[]): void {
  for (const item of assets) {
    app.get(item.path, (request, reply) => {
      void reply
        .header('cache-control', `public, max-age=${ONE_YEAR_SECONDS}, immutable`)
        .header('etag', item.etag);
      if ((request.headers['if-none-match'] ?? '').includes(item.etag)) {
        return reply.code(304).send();
      }
      return reply.type(item.type).send(item.body);
    });
  }
}
