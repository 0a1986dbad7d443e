// One `vigil serve --role ...` of a local cluster as a handle a fault test can hold: its PID, a
// signal of any kind, a graceful stop, a restart with the same port and files, and everything it
// printed across restarts (also appended to a log file).
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { exitOf, signalAndWait, stopChild } from './child-exit.js';
import { spawnVigil } from './vigil-command.js';
import { waitFor } from './wait-for.js';

export type VigilRole = 'web' | 'evaluator' | 'probe' | 'notifier';

export interface RoleProcessSpec {
  /** e.g. web-1, probe-eu-west-1. */
  name: string;
  role: VigilRole;
  /** Arguments after `vigil`. */
  args: string[];
  env: Record<string, string>;
  /** web: its own address (http://127.0.0.1:PORT); ready means /readyz answers 200 there. */
  url?: string;
  /** Everything the process prints is appended here too. */
  logFile: string;
  /** How long a start may take before it counts as failed (default 60 s). */
  startTimeoutMs?: number;
}

/** Output kept in memory per process; older output is only in the log file. */
const KEPT_OUTPUT_BYTES = 512 * 1024;
/** Below `info` a role prints no start line to wait for. */
const QUIET_LEVELS = new Set(['warn', 'error', 'fatal', 'silent']);
/** What every role logs once it runs (src/cli/start-command.ts). */
const STARTED_LINE = /"msg":"\w+ role (running|listening)"/;

export class RoleProcess {
  readonly name: string;
  readonly role: VigilRole;
  /** web only: the instance's own address, bypassing nginx. */
  readonly url: string | undefined;
  private child: ChildProcess | undefined;
  private chunks: string[] = [];
  private keptBytes = 0;
  /** Output of the current run only, to look for its start line. */
  private currentRun = '';
  private readonly log: WriteStream;

  constructor(private readonly spec: RoleProcessSpec) {
    this.name = spec.name;
    this.role = spec.role;
    this.url = spec.url;
    this.log = createWriteStream(spec.logFile, { flags: 'a' });
  }

  /** PID of the running process; undefined when it is not running. */
  get pid(): number | undefined {
    return this.running ? this.child!.pid : undefined;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /** Resolves with the exit code (null when ended by a signal) when the current run ends. */
  get exited(): Promise<number | null> {
    return this.child ? exitOf(this.child) : Promise.resolve(null);
  }

  /** Everything printed so far (the last 512 KiB), across restarts. */
  output(): string {
    return this.chunks.join('');
  }

  /** Starts the process and waits until it is ready; fails with its output if it exits first. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running (pid ${this.pid})`);
    this.currentRun = '';
    this.record(`--- ${new Date().toISOString()} starting ${this.name}\n`);
    const child = spawnVigil(this.spec.args, this.spec.env, (chunk) => {
      const text = chunk.toString('utf8');
      this.currentRun = (this.currentRun + text).slice(-KEPT_OUTPUT_BYTES);
      this.record(text);
    });
    this.child = child;
    child.once('exit', (code, signal) =>
      this.record(`--- ${new Date().toISOString()} ${this.name} exited (${signal ?? code})\n`),
    );
    try {
      await waitFor(
        `${this.name} to be ready`,
        () => this.readyNow(child),
        this.spec.startTimeoutMs,
      );
    } catch (error) {
      if (this.running) await signalAndWait(child, 'SIGKILL', 5_000);
      throw new Error(`${(error as Error).message}\n${this.output().slice(-4000)}`);
    }
  }

  /** Sends a signal by PID without waiting (SIGKILL by default: a crash). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.running) process.kill(this.child!.pid!, signal);
  }

  /** SIGTERM, then waits for a graceful exit; returns the exit code (null if it was not running). */
  async stop(timeoutMs = 30_000): Promise<number | null> {
    if (!this.child) return null;
    if (!this.running) return this.child.exitCode;
    return stopChild(this.child, timeoutMs);
  }

  /** Stops it if it runs (gracefully), then starts it again with the same settings. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops it and closes its log file; the handle is done. */
  async close(): Promise<void> {
    try {
      await this.stop();
    } finally {
      await new Promise<void>((resolve) => this.log.end(resolve));
    }
  }

  private async readyNow(child: ChildProcess): Promise<true | undefined> {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${this.name} exited (${child.signalCode ?? child.exitCode}) while starting`);
    }
    if (this.url) {
      const response = await fetch(`${this.url}/readyz`).catch(() => undefined);
      await response?.arrayBuffer().catch(() => undefined);
      return response?.ok ? true : undefined;
    }
    if (QUIET_LEVELS.has(this.spec.env.LOG_LEVEL ?? 'silent')) return true;
    return STARTED_LINE.test(this.currentRun) ? true : undefined;
  }

  private record(text: string): void {
    if (!this.log.writableEnded) this.log.write(text);
    this.chunks.push(text);
    this.keptBytes += text.length;
    while (this.keptBytes > KEPT_OUTPUT_BYTES && this.chunks.length > 1) {
      this.keptBytes -= this.chunks.shift()!.length;
    }
  }
}
