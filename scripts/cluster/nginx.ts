// Runs the production nginx configuration (deploy/nginx/templates/vigil.conf.template) as a child
// process in a private prefix directory: own pid file, logs, temp and cache paths, a certificate
// made at run time, `daemon off`, 127.0.0.1 only. Used by `npm run cluster` and the tests.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSelfSignedCertificate } from './certificate.js';
import { signalAndWait } from './child-exit.js';
import { readNginxTemplate, renderNginxTemplate, upstreamsFile } from './nginx-template.js';
import { accepts, freePort } from './ports.js';
import { childProcessesOf, commandLineOf } from './proc.js';
import { waitFor } from './wait-for.js';

/** Debian's nginx; NginxOptions.nginxPath names another. */
export const NGINX_PATH = '/usr/sbin/nginx';
const START_TIMEOUT_MS = 15_000;
/** SIGQUIT lets workers finish requests in flight; past this, SIGTERM, then SIGKILL. */
const GRACEFUL_STOP_MS = 10_000;
const FAST_STOP_MS = 5_000;

export interface NginxOptions {
  /** The web instances, as HOST:PORT (e.g. 127.0.0.1:41234). */
  upstreams: readonly string[];
  /** Defaults to free ports. */
  httpPort?: number;
  httpsPort?: number;
  /** Public URL the plain port redirects to; default https://127.0.0.1:<httpsPort>. */
  baseUrl?: string;
  /** nginx server_name; default "127.0.0.1 localhost". */
  serverName?: string;
  /** client_max_body_size outside probe ingest; default Vigil's default, 1048576. */
  bodyLimitBytes?: number;
  /** A directory to run in; default a new temporary one, removed by stop(). */
  prefix?: string;
  nginxPath?: string;
}

export interface RunningNginx {
  /** http://127.0.0.1:<port>: redirects to httpsUrl (except the ACME path). */
  httpUrl: string;
  /** https://127.0.0.1:<port>: the site. */
  httpsUrl: string;
  /** The self-signed certificate nginx serves, PEM; trust it as a CA (undici `connect.ca`). */
  caCertPem: string;
  /** The same certificate as a file, e.g. for NODE_EXTRA_CA_CERTS of a probe. */
  certPath: string;
  prefix: string;
  /** PID of the nginx master process (undefined once it has exited). */
  readonly pid: number | undefined;
  /** Its stderr and error log, for failure messages. */
  output(): Promise<string>;
  /** Rewrites the upstream list (when given), checks the configuration and reloads (SIGHUP). */
  reload(upstreams?: readonly string[]): Promise<void>;
  /** Stops nginx by its PID (SIGQUIT, then SIGTERM, then SIGKILL) and removes a temporary prefix. */
  stop(): Promise<void>;
}

const run = promisify(execFile);

/** The main file for a private prefix; the site itself is the rendered template it includes. */
function mainConfig(prefix: string): string {
  const temp = (name: string) => `${name}_temp_path ${join(prefix, 'temp', name)};`;
  return [
    '# Written by scripts/cluster/nginx.ts: a private nginx for a local cluster or a test.',
    'daemon off;',
    'master_process on;',
    'worker_processes 1;',
    // As root, workers would switch to `nobody` and lose access to this private directory.
    process.getuid?.() === 0 ? 'user root;' : '',
    `pid ${join(prefix, 'nginx.pid')};`,
    `lock_file ${join(prefix, 'nginx.lock')};`,
    `error_log ${join(prefix, 'logs', 'error.log')} notice;`,
    'events { worker_connections 1024; }',
    'http {',
    '  default_type application/octet-stream;',
    '  access_log off;',
    `  ${temp('client_body')}`,
    `  ${['proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}`,
    `  include ${join(prefix, 'conf', 'vigil.conf')};`,
    '}',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const ownPrefix = options.prefix === undefined;
  const prefix = options.prefix ?? (await mkdtemp(join(tmpdir(), 'vigil-nginx-')));
  for (const dir of ['conf', 'logs', 'temp', 'cache', 'acme', 'tls']) {
    await mkdir(join(prefix, dir), { recursive: true });
  }
  const httpPort = options.httpPort ?? (await freePort());
  const httpsPort = options.httpsPort ?? (await freePort());
  const httpsUrl = `https://127.0.0.1:${httpsPort}`;
  const certificate = await createSelfSignedCertificate(join(prefix, 'tls'));
  const upstreamsPath = join(prefix, 'conf', 'upstreams.conf');
  const mainPath = join(prefix, 'conf', 'nginx.conf');
  await writeFile(upstreamsPath, upstreamsFile(options.upstreams));
  await writeFile(
    join(prefix, 'conf', 'vigil.conf'),
    renderNginxTemplate(readNginxTemplate(), {
      VIGIL_NGINX_LISTEN_HTTP: `127.0.0.1:${httpPort}`,
      VIGIL_NGINX_LISTEN_HTTPS: `127.0.0.1:${httpsPort}`,
      VIGIL_NGINX_SERVER_NAME: options.serverName ?? '127.0.0.1 localhost',
      VIGIL_BASE_URL: options.baseUrl ?? httpsUrl,
      VIGIL_NGINX_TLS_CERTIFICATE: certificate.certPath,
      VIGIL_NGINX_TLS_CERTIFICATE_KEY: certificate.keyPath,
      VIGIL_NGINX_UPSTREAMS_FILE: upstreamsPath,
      VIGIL_NGINX_CACHE_DIR: join(prefix, 'cache'),
      VIGIL_NGINX_ACME_ROOT: join(prefix, 'acme'),
      VIGIL_NGINX_ACCESS_LOG: join(prefix, 'logs', 'access.log'),
      VIGIL_BODY_LIMIT_BYTES: String(options.bodyLimitBytes ?? 1_048_576),
    }),
  );
  await writeFile(mainPath, mainConfig(prefix));

  const nginx = options.nginxPath ?? NGINX_PATH;
  const args = ['-p', prefix, '-c', mainPath];
  const stderr: Buffer[] = [];
  const child: ChildProcess = spawn(nginx, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });

  const output = async (): Promise<string> => {
    const log = await readFile(join(prefix, 'logs', 'error.log'), 'utf8').catch(() => '');
    return `${Buffer.concat(stderr).toString('utf8')}${log}`;
  };
  const running = (): boolean => child.exitCode === null && child.signalCode === null;

  async function stop(): Promise<void> {
    if (running()) {
      // Workers outlive a SIGKILLed master, so they are collected first to be ended too.
      const workers = childProcessesOf(child.pid!);
      const stopped =
        (await signalAndWait(child, 'SIGQUIT', GRACEFUL_STOP_MS)) ||
        (await signalAndWait(child, 'SIGTERM', FAST_STOP_MS)) ||
        (await signalAndWait(child, 'SIGKILL', FAST_STOP_MS));
      if (!stopped) throw new Error(`nginx ${child.pid} did not exit after SIGKILL`);
      for (const worker of workers) {
        try {
          process.kill(worker, 'SIGKILL');
        } catch {
          // Already gone: the usual case after SIGQUIT.
        }
      }
    }
    if (ownPrefix) await rm(prefix, { recursive: true, force: true });
  }

  try {
    await spawned;
    await waitFor(
      `nginx to accept connections on ports ${httpPort} and ${httpsPort}`,
      async () => {
        if (!running()) throw new Error(`nginx exited with ${child.exitCode}:\n${await output()}`);
        return (await accepts(httpPort)) && (await accepts(httpsPort)) ? true : undefined;
      },
      START_TIMEOUT_MS,
      50,
    );
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }

  return {
    httpUrl: `http://127.0.0.1:${httpPort}`,
    httpsUrl,
    caCertPem: certificate.pem,
    certPath: certificate.certPath,
    prefix,
    get pid() {
      return running() ? child.pid : undefined;
    },
    output,
    async reload(upstreams) {
      if (!running()) throw new Error('nginx is not running');
      if (upstreams) await writeFile(upstreamsPath, upstreamsFile(upstreams));
      try {
        await run(nginx, ['-t', '-q', ...args], { timeout: 15_000 });
      } catch (error) {
        throw new Error(
          `the new nginx configuration is invalid: ${(error as { stderr?: string }).stderr ?? error}`,
        );
      }
      const before = new Set(workerProcessesOf(child.pid!));
      process.kill(child.pid!, 'SIGHUP');
      // Done when a worker started after the HUP runs and the old ones have exited: they close
      // their idle keep-alive connections at once and busy ones after the request in flight, so
      // every request after this uses the new configuration.
      await waitFor(
        'nginx to replace its workers with ones on the new configuration',
        () => {
          const workers = workerProcessesOf(child.pid!);
          const replaced =
            workers.some((pid) => !before.has(pid)) && workers.every((pid) => !before.has(pid));
          return replaced ? true : undefined;
        },
        START_TIMEOUT_MS,
        50,
      );
    },
    stop,
  };
}

function workerProcessesOf(master: number): number[] {
  return childProcessesOf(master).filter((pid) => commandLineOf(pid).includes('worker process'));
}
