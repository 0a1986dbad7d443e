// Probe ingest (`/internal/v1/probe/...`): probes authenticate with their region's token, fetch
// their share of the region's monitors and send result batches. JSON only, no cookies, no cache.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthenticationError } from '../../domain/errors.js';
import {
  PROBE_API,
  type AssignmentRequest,
  type ResultBatch,
} from '../../domain/monitoring/probe-protocol.js';
import type { WebDependencies } from '../app.js';

/**
 * A second of results from a busy probe (1,000 checks with cut-short bodies) is a few MB; the
 * general body limit is for people's forms and API calls, not for this.
 */
export const INGEST_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    probeRegion?: string;
  }
}

export async function probeIngest(
  app: FastifyInstance,
  { deps }: { deps: WebDependencies },
): Promise<void> {
  const ingest = deps.services.probeIngest;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: INGEST_BODY_LIMIT_BYTES },
    app.getDefaultJsonParser('error', 'error'),
  );
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    void reply.header('cache-control', 'no-store');
    request.probeRegion = (await ingest.authenticate(bearerToken(request))).region;
  });

  app.post(PROBE_API.assignment, async (request) =>
    ingest.assignment(request.probeRegion!, (request.body ?? {}) as AssignmentRequest),
  );
  app.post(PROBE_API.results, { bodyLimit: INGEST_BODY_LIMIT_BYTES }, async (request) =>
    ingest.submit(request.probeRegion!, (request.body ?? {}) as ResultBatch),
  );
}

function bearerToken(request: FastifyRequest): string {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match)
    throw new AuthenticationError(
      'send Authorization: Bearer <probe token> (vigil probe-token create)',
    );
  return match[1]!;
}
