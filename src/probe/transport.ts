// How a probe agent talks to `web`: the two calls of the probe protocol, and the one error type
// that tells the agent whether to try again later or give up on what it sent.
import type {
  AssignmentRequest,
  AssignmentResponse,
  BatchReceipt,
  ResultBatch,
} from '../domain/monitoring/probe-protocol.js';

export interface ProbeTransport {
  /** Fetches this agent's monitors; also its heartbeat. */
  assignment(request: AssignmentRequest): Promise<AssignmentResponse>;
  /** Stores a batch whole or refuses it whole. */
  submit(batch: ResultBatch): Promise<BatchReceipt>;
}

/**
 * `retry`: web is unreachable (refused connection, DNS, no connection within the time),
 * overloaded (5xx other than 504) or rate limiting (429, 408); the same request may succeed
 * later. `timeout`: web got the request but did not answer within the time (a slow database
 * storing a large batch), either within the probe's own timeout or within a proxy's between
 * them (504); it may still store it, and a smaller request may get through where this one did
 * not.
 * `unauthorized` (401): the token is wrong or revoked; nothing this agent sends can succeed
 * until an operator fixes it, so results are kept (buffered) rather than lost, and the agent
 * says so loudly. `rejected`: web understood the request and refused it (other 4xx); sending the
 * same batch again cannot succeed, so it is dropped, its reason logged.
 */
export type ProbeTransportFailure = 'retry' | 'timeout' | 'unauthorized' | 'rejected';

export class ProbeTransportError extends Error {
  constructor(
    readonly failure: ProbeTransportFailure,
    message: string,
    /** The HTTP status, when web answered. */
    readonly status?: number,
    /** How long web asked us to wait (Retry-After), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProbeTransportError';
  }

  get retryable(): boolean {
    return this.failure !== 'rejected';
  }

  /** Web answered and said no (401 or another 4xx), as opposed to not answering (in time). */
  get refused(): boolean {
    return this.failure === 'unauthorized' || this.failure === 'rejected';
  }
}

/** Anything thrown that is not a ProbeTransportError is treated as "try again later". */
export function isRejection(error: unknown): error is ProbeTransportError {
  return error instanceof ProbeTransportError && error.failure === 'rejected';
}

/** Web took the request but did not answer in time; a smaller batch may get through. */
export function isTimeout(error: unknown): error is ProbeTransportError {
  return error instanceof ProbeTransportError && error.failure === 'timeout';
}
