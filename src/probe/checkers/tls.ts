// TLS certificate check: is the chain trusted, does it cover the name, how long until it expires?
import type { Checker, CheckOutcome } from './checker.js';
import { startDeadline } from './deadline.js';
import { classifyError } from './error-class.js';
import { CertificateRejectedError, openSocket, SocketPhaseError } from './timed-socket.js';

export interface TlsSpec {
  host: string;
  /** Default 443. */
  port?: number;
  /** Name sent as SNI and matched against the certificate; defaults to the host. */
  servername?: string;
  /** Report an untrusted or mismatched certificate as an error (default true). */
  verify?: boolean;
  /** Extra trusted roots (PEM), for targets behind a private CA. */
  ca?: string;
}

export const tlsChecker: Checker<TlsSpec> = {
  type: 'tls',
  async check(spec, options): Promise<CheckOutcome> {
    const deadline = startDeadline(options.timeoutMs, options.signal);
    const startedAt = performance.now();
    const tls = { servername: spec.servername, verify: spec.verify ?? true, ca: spec.ca };
    try {
      const opened = await openSocket(
        { host: spec.host, port: spec.port ?? 443, tls },
        startedAt,
        deadline.signal,
      );
      opened.socket.destroy();
      const latencyMs = deadline.elapsedMs();
      return {
        facts: { cert: opened.certificate?.facts, latency: latencyMs },
        latencyMs,
        timings: { ...opened.phases, totalMs: latencyMs },
        certificate: opened.certificate?.details,
      };
    } catch (error) {
      const latencyMs = deadline.elapsedMs();
      const seen = error instanceof CertificateRejectedError ? error.certificate : undefined;
      const phases =
        error instanceof SocketPhaseError || error instanceof CertificateRejectedError
          ? error.phases
          : {};
      return {
        facts: { cert: seen?.facts ?? { valid: false }, latency: latencyMs },
        latencyMs,
        timings: { ...phases, totalMs: latencyMs },
        certificate: seen?.details,
        error: classifyError(error, deadline.timedOut()),
      };
    } finally {
      deadline.dispose();
    }
  },
};
