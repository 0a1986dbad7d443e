// The scenario the cross-service monitoring tests share: one HTTP monitor `website`, checked from
// the given regions, driving the component `Website` of the default page, set up with the real
// CLI (`vigil config apply`, `vigil probe-token create`) as a user would; and its state as the
// evaluator stored it.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { vigil, waitFor } from '../cli/cli-support.js';

export interface WebsiteMonitorOptions {
  url: string;
  intervalMs: number;
  regions: readonly string[];
  /** Default: the product's (half the interval, at most 10 s). */
  timeoutMs?: number;
  quorum?: number;
  /** Default `["status == 200"]`. */
  conditions?: string[];
  /** F and S; default 1 each, so one check shows a change. */
  failureThreshold?: number;
  successThreshold?: number;
  /** Puts the component in a group of this name, with automatic incidents. */
  autoIncidentGroup?: string;
}

export function websiteMonitorYaml(options: WebsiteMonitorOptions): string {
  const conditions = options.conditions ?? ['status == 200'];
  const monitor = [
    'monitors:',
    '  - name: website',
    '    type: http',
    `    url: ${options.url}`,
    `    interval: ${options.intervalMs / 1000}s`,
    ...(options.timeoutMs === undefined ? [] : [`    timeout: ${options.timeoutMs / 1000}s`]),
    `    regions: [${options.regions.join(', ')}]`,
    ...(options.quorum === undefined ? [] : [`    quorum: ${options.quorum}`]),
    `    conditions: ${JSON.stringify(conditions)}`,
    `    failure_threshold: ${options.failureThreshold ?? 1}`,
    `    success_threshold: ${options.successThreshold ?? 1}`,
  ];
  const page = ['pages:', '  - slug: main', '    name: Example Inc.', '    default: true'];
  const component = options.autoIncidentGroup
    ? [
        '    groups:',
        `      - name: ${options.autoIncidentGroup}`,
        '        components:',
        '          - name: Website',
        '            monitors: [website]',
        '            auto_incident: true',
      ]
    : ['    components:', '      - name: Website', '        monitors: [website]'];
  return [...monitor, ...page, ...component, ''].join('\n');
}

/** Writes the file into `dir` and applies it with `vigil config apply`. */
export async function applyWebsiteMonitor(
  env: Record<string, string>,
  dir: string,
  options: WebsiteMonitorOptions,
): Promise<void> {
  const file = join(dir, 'vigil.yaml');
  await writeFile(file, websiteMonitorYaml(options));
  const applied = await vigil(['config', 'apply', file], env);
  assert.equal(applied.code, 0, applied.stderr);
}

/** One probe token per region, as `vigil probe-token create` prints them. */
export async function createProbeTokens(
  env: Record<string, string>,
  regions: readonly string[],
): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const region of regions) {
    const created = await vigil(['probe-token', 'create', '--region', region], env);
    assert.equal(created.code, 0, created.stderr);
    tokens.set(region, created.stdout.trim().split('\n').at(-1)!.trim());
  }
  return tokens;
}

export async function websiteMonitorId(sql: pg.Client): Promise<string> {
  const { rows } = await sql.query<{ id: string }>(
    "SELECT id FROM monitors WHERE name = 'website'",
  );
  return rows[0]!.id;
}

export interface MonitorStateRow {
  status: string;
  state: {
    failingRegions: string[];
    regions: Record<string, { failing?: boolean; lastResult: object | null }>;
  };
}

export async function monitorState(
  sql: pg.Client,
  monitorId: string,
): Promise<MonitorStateRow | undefined> {
  const { rows } = await sql.query<MonitorStateRow>(
    'SELECT status, state FROM monitor_states WHERE monitor_id = $1',
    [monitorId],
  );
  return rows[0];
}

/** Waits for a state `accept` takes; a timeout reports the last state and `diagnostics()`. */
export async function waitForMonitorState(
  sql: pg.Client,
  monitorId: string,
  what: string,
  accept: (row: MonitorStateRow) => boolean,
  timeoutMs: number,
  diagnostics: () => string,
): Promise<MonitorStateRow> {
  try {
    return await waitFor(
      what,
      async () => {
        const row = await monitorState(sql, monitorId);
        return row && accept(row) ? row : undefined;
      },
      timeoutMs,
    );
  } catch (error) {
    const last = JSON.stringify(await monitorState(sql, monitorId));
    throw new Error(`${(error as Error).message}\nstate: ${last}\n${diagnostics()}`);
  }
}
