// TCP connect check: can a connection to host:port be opened within the timeout?
import type { Checker, CheckOutcome } from './checker.js';
import { startDeadline } from './deadline.js';
import { classifyError } from './error-class.js';
import { openSocket, SocketPhaseError } from './timed-socket.js';

export interface TcpSpec {
  host: string;
  port: number;
}

export const tcpChecker: Checker<TcpSpec> = {
  type: 'tcp',
  async check(spec, options): Promise<CheckOutcome> {
    const deadline = startDeadline(options.timeoutMs, options.signal);
    const startedAt = performance.now();
    try {
      const { socket, phases } = await openSocket(
        { host: spec.host, port: spec.port },
        startedAt,
        deadline.signal,
      );
      socket.destroy();
      const latencyMs = deadline.elapsedMs();
      return {
        facts: { tcp: { connected: true }, latency: latencyMs },
        latencyMs,
        timings: { ...phases, totalMs: latencyMs },
      };
    } catch (error) {
      const latencyMs = deadline.elapsedMs();
      const phases = error instanceof SocketPhaseError ? error.phases : {};
      return {
        facts: { tcp: { connected: false }, latency: latencyMs },
        latencyMs,
        timings: { ...phases, totalMs: latencyMs },
        error: classifyError(error, deadline.timedOut()),
      };
    } finally {
      deadline.dispose();
    }
  },
};
