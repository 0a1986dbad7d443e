// A whole Vigil deployment on this machine, as production runs it: nginx (the production template)
// in front of N `web` instances, evaluators, probe agents per region and optionally the notifier,
// every role its own process on one PostgreSQL database. Used by `npm run cluster` and by the
// fault tests (test/fault/), which kill, stop and restart any one process through its handle.
//
//   const cluster = await startCluster({ databaseUrl });
//   await request(`${cluster.url}/`, { dispatcher: cluster.dispatcher }); // through nginx, TLS
//   cluster.webs[0].kill('SIGKILL'); await cluster.webs[0].exited; await cluster.webs[0].start();
//   await cluster.stop();
//
// Each role process is a RoleProcess (role-process.ts): `name`, `role`, `pid` (undefined while not
// running), `running`, `url` (web only: the instance itself, bypassing nginx), `kill(signal =
// SIGKILL)` without waiting, `stop(timeoutMs = 30 s)` = SIGTERM and wait (resolves with the exit
// code; throws after SIGKILL when it did not exit in time), `start()` (again, same port, data
// directory and token; waits until ready: /readyz for web, the "... role running" log line for the
// others), `restart()` = stop + start, `exited` (the current run's exit code, null after a signal),
// `output()` (the last 512 KiB of everything it printed, across restarts; the whole of it is in
// <workDir>/logs/<name>.log).
//
// Probes reach web THROUGH nginx over HTTPS (`--server cluster.url`), trusting the run-time
// certificate with NODE_EXTRA_CA_CERTS, as a remote region would; the plain port only redirects.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startNginx, type RunningNginx } from './nginx.js';
import { freePort } from './ports.js';
import { RoleProcess, type VigilRole } from './role-process.js';
import { vigil, vigilOrThrow, type CliResult } from './vigil-command.js';
import { waitFor } from './wait-for.js';

export const DEFAULT_REGIONS = ['eu-west', 'us-east', 'ap-south'] as const;

export interface ClusterOptions {
  /** PostgreSQL the cluster runs on (migrated at start; not created or dropped here). */
  databaseUrl: string;
  /** Passed to every role as REDIS_URL. */
  redisUrl?: string;
  /** `web` instances behind nginx (default 2). */
  webInstances?: number;
  /** Evaluator instances (default 2; 0 for none). */
  evaluators?: number;
  /** Probe regions (default eu-west, us-east, ap-south; [] for no probes). */
  regions?: readonly string[];
  /** Probe agents per region (default 1). */
  agentsPerRegion?: number;
  /**
   * Start one `vigil serve --role notifier` (default false). Only when this version has the role:
   * see `availableRoles()`.
   */
  notifier?: boolean;
  /** Applied with `vigil config apply` before any role starts. */
  configFile?: string;
  /**
   * Extra environment for every role and CLI command. It overrides LOG_LEVEL, DATA_DIR and
   * NODE_EXTRA_CA_CERTS, not what makes the topology (a web's HOST, PORT, VIGIL_BASE_URL and
   * VIGIL_TRUST_PROXY, a probe's VIGIL_PROBE_TOKEN).
   */
  env?: Record<string, string>;
  /** Extra environment for the processes of one role only (after `env`), e.g. { evaluator: {...} }. */
  roleEnv?: Partial<Record<VigilRole, Record<string, string>>>;
  /** LOG_LEVEL of the roles (default info: starts are detected from their log). */
  logLevel?: string;
  /** The admin to create, or to reset the password of (default a generated one). */
  admin?: { email: string; password: string };
  /** nginx ports (default free ones). */
  httpsPort?: number;
  httpPort?: number;
  /** Where logs, probe buffers and nginx live (default a temporary directory, removed by stop()). */
  workDir?: string;
}

export interface Cluster {
  /** https://127.0.0.1:PORT: the site through nginx; also every web's VIGIL_BASE_URL. */
  url: string;
  /** http://127.0.0.1:PORT: nginx's plain port (301 to `url`). */
  httpUrl: string;
  nginx: RunningNginx;
  /** An undici dispatcher trusting the cluster's certificate: request(url, { dispatcher }). */
  dispatcher: Agent;
  /** The certificate nginx serves (PEM, and as a file). */
  caCertPem: string;
  certPath: string;
  admin: { email: string; password: string };
  /** A management API key with write scope: Authorization: Bearer <apiKey>. */
  apiKey: string;
  /** Region → probe token. */
  probeTokens: Record<string, string>;
  /** web-1, web-2, ...: each has `url`, its own address bypassing nginx. */
  webs: RoleProcess[];
  evaluators: RoleProcess[];
  /** probe-<region>-<n>. */
  probes: RoleProcess[];
  notifiers: RoleProcess[];
  /** Every role process, probes first (the order stop() uses). */
  processes(): RoleProcess[];
  /** Environment for `vigil` commands against this cluster's database. */
  env: Record<string, string>;
  /** Runs a `vigil` command against the cluster's database. */
  vigil(args: string[]): Promise<CliResult>;
  workDir: string;
  /** Stops every process by its PID (probes, evaluators and notifier, webs, then nginx). */
  stop(): Promise<void>;
}

const ROLES: readonly VigilRole[] = ['web', 'evaluator', 'probe', 'notifier'];

/** The roles `vigil serve --role` accepts in this checkout: those its help text names. */
export async function availableRoles(): Promise<VigilRole[]> {
  const help = await vigilOrThrow(['serve', '--help'], {});
  return ROLES.filter((role) => new RegExp(`\\b${role}\\b`).test(help));
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const ownWorkDir = options.workDir === undefined;
  const workDir = options.workDir ?? (await mkdtemp(join(tmpdir(), 'vigil-cluster-')));
  await mkdir(join(workDir, 'logs'), { recursive: true });
  const logLevel = options.logLevel ?? 'info';
  const env: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...options.env,
  };
  const admin = options.admin ?? {
    email: 'admin@cluster.test',
    password: `cluster-${Math.random().toString(36).slice(2, 14)}`,
  };
  const webs: RoleProcess[] = [];
  const evaluators: RoleProcess[] = [];
  const probes: RoleProcess[] = [];
  const notifiers: RoleProcess[] = [];
  const processes = () => [...probes, ...notifiers, ...evaluators, ...webs];
  let nginx: RunningNginx | undefined;
  let dispatcher: Agent | undefined;

  async function stop(): Promise<void> {
    const failures: unknown[] = [];
    const settle = async (work: Array<Promise<unknown> | undefined>) => {
      for (const outcome of await Promise.allSettled(work)) {
        if (outcome.status === 'rejected') failures.push(outcome.reason);
      }
    };
    // Probes first: a stopping probe sends what it holds to web, which must still be there.
    await settle(probes.map((p) => p.close()));
    await settle([...notifiers, ...evaluators].map((p) => p.close()));
    await settle(webs.map((p) => p.close()));
    await settle([nginx?.stop(), dispatcher?.close()]);
    if (ownWorkDir) await rm(workDir, { recursive: true, force: true });
    if (failures.length > 0) throw new AggregateError(failures, 'the cluster did not stop cleanly');
  }

  try {
    await vigilOrThrow(['migrate'], env);
    const regions = options.regions ?? DEFAULT_REGIONS;
    // Independent of each other: run at once (each command is a process of its own).
    const [apiKey, ...tokens] = await Promise.all([
      vigilOrThrow(
        ['api-key', 'create', '--name', `cluster-${Date.now()}`, '--scope', 'write'],
        env,
      ).then((stdout) => stdout.trim()),
      ...regions.map((region) =>
        vigilOrThrow(['probe-token', 'create', '--region', region], env).then((stdout) =>
          stdout.trim().split('\n').at(-1)!.trim(),
        ),
      ),
      ensureAdmin(env, admin).then(() => ''),
    ]);
    const probeTokens = Object.fromEntries(regions.map((region, i) => [region, tokens[i]!]));
    if (options.configFile) await vigilOrThrow(['config', 'apply', options.configFile], env);

    const webPorts = await Promise.all(
      Array.from({ length: options.webInstances ?? 2 }, () => freePort()),
    );
    nginx = await startNginx({
      upstreams: webPorts.map((port) => `127.0.0.1:${port}`),
      httpsPort: options.httpsPort,
      httpPort: options.httpPort,
      bodyLimitBytes: env.VIGIL_BODY_LIMIT_BYTES ? Number(env.VIGIL_BODY_LIMIT_BYTES) : undefined,
      prefix: join(workDir, 'nginx'),
    });
    dispatcher = new Agent({ connect: { ca: nginx.caCertPem } });
    const url = nginx.httpsUrl;
    const role = (
      name: string,
      vigilRole: VigilRole,
      args: string[],
      extra: Record<string, string>,
    ) =>
      new RoleProcess({
        name,
        role: vigilRole,
        args: ['serve', '--role', vigilRole, ...args],
        env: {
          LOG_LEVEL: logLevel,
          DATA_DIR: join(workDir, name),
          // Any role reaching the site (probes, checks of it) trusts the run-time certificate.
          NODE_EXTRA_CA_CERTS: nginx!.certPath,
          ...env,
          ...options.roleEnv?.[vigilRole],
          ...extra,
        },
        url: extra.PORT ? `http://127.0.0.1:${extra.PORT}` : undefined,
        logFile: join(workDir, 'logs', `${name}.log`),
      });

    webPorts.forEach((port, index) =>
      webs.push(
        role(`web-${index + 1}`, 'web', [], {
          HOST: '127.0.0.1',
          PORT: String(port),
          VIGIL_BASE_URL: url,
          // nginx is the only client whose X-Forwarded-* web believes.
          VIGIL_TRUST_PROXY: '127.0.0.1',
        }),
      ),
    );
    await Promise.all(webs.map((web) => web.start()));
    await waitFor(`${url}/readyz through nginx`, async () => {
      const response = await request(`${url}/readyz`, { dispatcher }).catch(() => undefined);
      await response?.body.dump();
      return response?.statusCode === 200 ? true : undefined;
    });

    for (let index = 1; index <= (options.evaluators ?? 2); index++) {
      evaluators.push(role(`evaluator-${index}`, 'evaluator', [], {}));
    }
    if (options.notifier) notifiers.push(role('notifier-1', 'notifier', [], {}));
    for (const region of regions) {
      for (let index = 1; index <= (options.agentsPerRegion ?? 1); index++) {
        probes.push(
          role(`probe-${region}-${index}`, 'probe', ['--region', region, '--server', url], {
            // In the environment, not on the command line, where `ps` would show it.
            VIGIL_PROBE_TOKEN: probeTokens[region]!,
          }),
        );
      }
    }
    await Promise.all([...evaluators, ...notifiers, ...probes].map((p) => p.start()));

    return {
      url,
      httpUrl: nginx.httpUrl,
      nginx,
      dispatcher,
      caCertPem: nginx.caCertPem,
      certPath: nginx.certPath,
      admin,
      apiKey,
      probeTokens,
      webs,
      evaluators,
      probes,
      notifiers,
      processes,
      env,
      vigil: (args) => vigil(args, env),
      workDir,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** Creates the admin, or sets its password when it exists (a reused cluster database). */
async function ensureAdmin(
  env: Record<string, string>,
  admin: { email: string; password: string },
): Promise<void> {
  const withPassword = {
    ...env,
    VIGIL_ADMIN_EMAIL: admin.email,
    VIGIL_ADMIN_PASSWORD: admin.password,
  };
  const created = await vigil(['user', 'create', '--email', admin.email], withPassword);
  if (created.code === 0) return;
  if (!/exists/.test(created.stderr)) {
    throw new Error(`vigil user create exited with ${created.code}:\n${created.stderr}`);
  }
  await vigilOrThrow(['user', 'set-password', '--email', admin.email], withPassword);
}
