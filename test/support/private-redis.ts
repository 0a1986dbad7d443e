// A redis-server of the test's own on a free port (no persistence), which the test may stop and
// start again at will; the shared Redis on 6379 is never touched. Started and stopped by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '../cli/cli-support.js';
import { unavailable } from './services.js';

export const REDIS_SERVER = process.env.VIGIL_TEST_REDIS_SERVER ?? '/usr/bin/redis-server';

export function redisServerUnavailable(): string | false {
  return unavailable(
    'redis-server',
    existsSync(REDIS_SERVER) ? false : `${REDIS_SERVER} not found (apt-get install redis-server)`,
  );
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, waits for the exit); its data is gone (no persistence). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  readonly running: boolean;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';
  const start = async (): Promise<void> => {
    output = '';
    const started = spawn(REDIS_SERVER, [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (started.exitCode !== null) throw new Error(`redis-server exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not start:\n${output}`);
      await delay(50);
    }
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      process.kill(running.pid!, 'SIGTERM');
      await exited;
    },
    get running() {
      return child !== undefined && child.exitCode === null;
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
