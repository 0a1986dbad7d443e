// Setting up Vigil as separate processes for cross-service tests: the environment of the roles on
// one database, a configuration of HTTP monitors against a test target, probe tokens and probes.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, startVigil, vigil, type BackgroundVigil } from '../cli/cli-support.js';

/** The environment every role shares (web on a free port of 127.0.0.1), and web's URL. */
export async function splitRolesEnv(
  databaseUrl: string,
  extra: Record<string, string> = {},
): Promise<{ env: Record<string, string>; baseUrl: string }> {
  const port = await freePort();
  return {
    env: {
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...extra,
    },
    baseUrl: `http://127.0.0.1:${port}`,
  };
}

export interface TargetMonitors {
  /** Origin of the test target; monitor i checks `${origin}${paths[i]}` and is named monitor-i. */
  origin: string;
  paths: readonly string[];
  intervalMs: number;
  regions: readonly string[];
  /** More settings for every monitor, as YAML lines (`conditions: [...]`). */
  settings?: readonly string[];
  /** Adds a default page with one component per monitor. */
  page?: boolean;
}

/** Writes the monitors (and page) as a configuration file in `dir` and applies it. */
export async function applyTargetMonitors(
  env: Record<string, string>,
  dir: string,
  monitors: TargetMonitors,
): Promise<void> {
  const { origin, paths, intervalMs, regions, settings = [] } = monitors;
  const lines = [
    'monitors:',
    ...paths.flatMap((path, i) => [
      `  - name: monitor-${i}`,
      '    type: http',
      `    url: ${origin}${path}`,
      `    interval: ${intervalMs / 1000}s`,
      `    regions: [${regions.join(', ')}]`,
      ...settings.map((line) => `    ${line}`),
    ]),
  ];
  if (monitors.page) {
    lines.push('pages:', '  - slug: main', '    name: Example Inc.', '    default: true');
    lines.push('    components:');
    paths.forEach((_, i) =>
      lines.push(`      - name: Service ${i}`, `        monitors: [monitor-${i}]`),
    );
  }
  const file = join(dir, 'vigil.yaml');
  await writeFile(file, [...lines, ''].join('\n'));
  const applied = await vigil(['config', 'apply', file], env);
  assert.equal(applied.code, 0, applied.stderr);
}

export async function createProbeToken(
  env: Record<string, string>,
  region: string,
): Promise<string> {
  const created = await vigil(['probe-token', 'create', '--region', region], env);
  assert.equal(created.code, 0, created.stderr);
  return created.stdout.trim().split('\n').at(-1)!.trim();
}

/** A probe process of `region` reporting to web, with its own buffer under `dataDir`. */
export function startProbe(
  env: Record<string, string>,
  probe: { region: string; baseUrl: string; token: string; dataDir: string },
): BackgroundVigil {
  return startVigil(
    [
      'serve',
      '--role',
      'probe',
      '--region',
      probe.region,
      '--server',
      probe.baseUrl,
      '--token',
      probe.token,
    ],
    { ...env, DATA_DIR: probe.dataDir },
  );
}
