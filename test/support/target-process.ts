// Runs the target server (target-server.ts) as a child process, for a target that must live in
// another network namespace than the test: the child reports every hit on stdout and this side
// keeps the same HitLog, so a test reads hits as it would from an in-process target.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT, stopChild, waitFor } from '../cli/cli-support.js';
import { HitLog, type Hit } from './target-server.js';

const MAIN = 'test/support/target-main.ts';

export interface TargetProcess {
  child: ChildProcess;
  port: number;
  hits(): readonly Hit[];
  nextHit(filter: (hit: Hit) => boolean, timeoutMs: number): Promise<Hit>;
  output(): string;
  /** SIGTERM by PID; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `launcher` runs node for us, e.g. `['ip', 'netns', 'exec', name]`; `port` 0 takes any free
 * one. Resolves once the server listens.
 */
export async function startTargetProcess(
  launcher: readonly string[],
  port: number,
): Promise<TargetProcess> {
  const [command, ...prefix] = [...launcher, process.execPath];
  const child = spawn(command!, [...prefix, '--import', 'tsx', MAIN, String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = new HitLog();
  const errors: Buffer[] = [];
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk));
  let listening: number | undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as { listening?: number; hit?: Hit };
    if (message.hit) log.record(message.hit);
    if (message.listening !== undefined) listening = message.listening;
  });
  const output = () => Buffer.concat(errors).toString('utf8');
  const bound = await waitFor(
    'the target process to listen',
    () => {
      if (child.exitCode !== null)
        throw new Error(`target process exited with ${child.exitCode}: ${output()}`);
      return listening;
    },
    30_000,
  ).catch(async (error: unknown) => {
    await stopChild(child).catch(() => undefined);
    throw error;
  });
  return {
    child,
    port: bound,
    hits: () => log.hits(),
    nextHit: (filter, timeoutMs) => log.nextHit(filter, timeoutMs),
    output,
    stop: () => stopChild(child),
  };
}
