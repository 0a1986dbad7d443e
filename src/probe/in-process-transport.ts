// ProbeTransport for the probe that `vigil start` runs inside the web process: calls the probe
// ingest use cases directly, with the same "retry later" / "rejected" meaning as over HTTP.
import type {
  AssignmentRequest,
  AssignmentResponse,
  BatchReceipt,
  ResultBatch,
} from '../domain/monitoring/probe-protocol.js';
import { VigilError } from '../domain/errors.js';
import { ProbeTransportError, type ProbeTransport } from './transport.js';

/** What web's probe ingest offers (ProbeIngestService); the region comes from the caller here. */
export interface ProbeIngest {
  assignment(region: string, request: AssignmentRequest): Promise<AssignmentResponse>;
  submit(region: string, batch: ResultBatch): Promise<BatchReceipt>;
}

export function inProcessTransport(ingest: ProbeIngest, region: string): ProbeTransport {
  return {
    assignment: (request) => call(() => ingest.assignment(region, request)),
    submit: (batch) => call(() => ingest.submit(region, batch)),
  };
}

/**
 * A refusal the HTTP route would answer with 4xx (a VigilError with such a statusCode: bad
 * batch, too large) is `rejected`; anything else (the database is busy or down) may pass later.
 */
async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof VigilError && error.statusCode >= 400 && error.statusCode < 500) {
      const failure = error.statusCode === 401 ? 'unauthorized' : 'rejected';
      throw new ProbeTransportError(failure, message, error.statusCode);
    }
    throw new ProbeTransportError('retry', `probe ingest failed: ${message}`);
  }
}
