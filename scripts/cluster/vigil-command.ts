// Runs the real `vigil` command (node bin/vigil.js) as a child process, as a user would: one-shot
// commands (migrate, api-key create, ...) to completion, and long-running roles in the background
// with their output kept. Shared by the cluster launcher and the CLI tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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

/** Runs `vigil ARGS` to completion (killed after 90 s) with `input` on stdin. */
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

/** Like `vigil`, but a non-zero exit throws with what the command printed; returns stdout. */
export async function vigilOrThrow(args: string[], env: Record<string, string>): Promise<string> {
  const result = await vigil(args, env);
  if (result.code !== 0) {
    throw new Error(`vigil ${args.join(' ')} exited with ${result.code}:\n${result.stderr}`);
  }
  return result.stdout;
}

/** Starts a long-running `vigil ARGS` (start, serve --role ...); `onOutput` gets stdout and stderr. */
export function spawnVigil(
  args: string[],
  env: Record<string, string>,
  onOutput: (chunk: Buffer) => void,
  launcher: readonly string[] = [],
): ChildProcess {
  // A launcher such as `ip netns exec NAME` must exec node (not fork it), so the PID is vigil's.
  const [command, ...prefix] = [...launcher, process.execPath];
  const child = spawn(command!, [...prefix, BIN, ...args], {
    cwd: ROOT,
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  return child;
}
