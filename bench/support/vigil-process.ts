// Starts the real `vigil` as a child process (so the load generator never shares its event
// loop): `vigil start` or one `vigil serve --role ...`, waits until it is ready, reads its CPU
// time and memory from /proc, and stops it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/cluster/ports.js';

const VIGIL = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));
/** USER_HZ, the unit of /proc/<pid>/stat times: 100 on every mainstream Linux build. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface VigilProcess {
  /** The HTTP address, for processes that serve HTTP (start, web). */
  url: string;
  pid: number | undefined;
  /** CPU time the process has used so far (user + system), or undefined off Linux. */
  cpuMs(): number | undefined;
  /** Resident memory now, in bytes, or undefined off Linux. */
  rssBytes(): number | undefined;
  /** Lines it printed on stdout (JSON logs), when `captureStdout` was asked for. */
  lines(): string[];
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Arguments after `vigil` (default: `start`). */
  args?: string[];
  env: Record<string, string>;
  /** Wait for /readyz (processes that serve HTTP). */
  waitReady?: boolean;
  readyTimeoutMs?: number;
  captureStdout?: boolean;
  logLevel?: string;
}

/** Reads utime + stime of a process from /proc, so load on other cores does not blur the cost. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may contain spaces) start at index 2 = state.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export function processRssBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time of every process named `comm` (e.g. all PostgreSQL backends), so a benchmark can say
 * what the database server spent too; processes that ended meanwhile are not counted.
 */
export function processesCpuMs(comm: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== comm) continue;
    } catch {
      continue;
    }
    total += processCpuMs(Number(entry)) ?? 0;
  }
  return total;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startVigilProcess(options: StartOptions): Promise<VigilProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [VIGIL, ...(options.args ?? ['start'])], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: options.logLevel ?? 'warn',
      ...options.env,
    },
    stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'inherit'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited(child);
    clearTimeout(killer);
  };
  const running: VigilProcess = {
    url,
    pid: child.pid,
    stop,
    cpuMs: () => processCpuMs(child.pid),
    rssBytes: () => processRssBytes(child.pid),
    lines: () => lines,
  };
  if (options.waitReady === false) return running;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vigil exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/readyz`);
      await response.arrayBuffer();
      if (response.ok) return running;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`vigil was not ready within ${readyTimeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `vigil start` on `env`, ready to serve. */
export function startVigil(env: Record<string, string>, readyTimeoutMs = 60_000) {
  return startVigilProcess({ env, readyTimeoutMs });
}
