// Runs the real `vigil` command (node bin/vigil.js) as a child process, as a user would. The
// spawning, stopping and waiting live in scripts/cluster/ (the local cluster uses them too).
import type { ChildProcess } from 'node:child_process';
import { spawnVigil } from '../../scripts/cluster/vigil-command.js';
import { waitFor } from '../../scripts/cluster/wait-for.js';

export { ROOT, cliEnv, vigil, type CliResult } from '../../scripts/cluster/vigil-command.js';
export { stopChild } from '../../scripts/cluster/child-exit.js';
export { freePort } from '../../scripts/cluster/ports.js';
export { waitFor } from '../../scripts/cluster/wait-for.js';

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
  const chunks: Buffer[] = [];
  const child = spawnVigil(args, env, (chunk) => chunks.push(chunk), launcher);
  return { child, output: () => Buffer.concat(chunks).toString('utf8') };
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
