// Runs the real `vigil` command (node bin/vigil.js) as a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = 'bin/vigil.js';
/** Any single CLI run finishes well within this (the first open of a new PGlite directory takes ~6 s). */
const RUN_TIMEOUT_MS = 90_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a run: nothing inherited that would point it at another database. */
export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'NODE_ENV']) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return { ...env, LOG_LEVEL: 'silent', ...extra };
}

export function vigil(
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(env) });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.end(input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

export interface BackgroundVigil {
  child: ChildProcess;
  output: () => string;
}

/** Starts `vigil start` in the background; its output is kept for failure messages. */
export function startServer(env: Record<string, string>): BackgroundVigil {
  return startVigil(['start'], env);
}

/**
 * Starts any long-running vigil command (`serve --role ...`) in the background. `launcher` is a
 * command that execs node for us, e.g. `['ip', 'netns', 'exec', name]` to run it inside a network
 * namespace; it must exec (not fork), so that the child's PID is vigil's own.
 */
export function startVigil(
  args: string[],
  env: Record<string, string>,
  launcher: readonly string[] = [],
): BackgroundVigil {
  const [command, ...prefix] = [...launcher, process.execPath];
  const child = spawn(command!, [...prefix, BIN, ...args], { cwd: ROOT, env: cliEnv(env) });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { child, output: () => Buffer.concat(chunks).toString('utf8') };
}

/** Stops a child by its PID with SIGTERM and waits for it to exit; returns its exit code. */
export async function stopChild(child: ChildProcess, timeoutMs = 30_000): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  process.kill(child.pid!, 'SIGTERM');
  const code = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (code === 'timeout') {
    process.kill(child.pid!, 'SIGKILL');
    throw new Error(`process ${child.pid} did not stop within ${timeoutMs} ms of SIGTERM`);
  }
  return code;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(100);
  }
}

/** Waits until a background vigil answers /readyz at `baseUrl`; fails early if it exited. */
export function waitReady(
  server: BackgroundVigil,
  baseUrl: string,
  timeoutMs = 60_000,
): Promise<true> {
  return waitFor(
    `${baseUrl} to be ready`,
    async () => {
      if (server.child.exitCode !== null)
        throw new Error(`vigil exited with ${server.child.exitCode}:\n${server.output()}`);
      const response = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
      return response?.ok ? true : undefined;
    },
    timeoutMs,
  );
}
