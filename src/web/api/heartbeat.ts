// Heartbeat push URLs (`/api/v1/heartbeat/{secret}` and `.../fail`): a cron job or a script calls
// them with any method curl or wget makes; the secret in the path is the credential, so no API
// key is needed. The body, if any, is kept as the result's message.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ApiInstance, ApiOptions } from './api-instance.js';
import { errorResponses } from './schemas.js';

const tags = ['heartbeats'];
const Params = Type.Object({
  secret: Type.String({ description: 'The secret shown once when the monitor was created' }),
});
const PingReceipt = Type.Object(
  {
    ok: Type.Boolean(),
    monitor_id: Type.String(),
    paused: Type.Boolean({ description: 'A paused monitor keeps pings but is not judged' }),
  },
  { description: 'The ping was recorded' },
);

export function heartbeatRoutes(app: ApiInstance, { deps }: ApiOptions): void {
  // Jobs send whatever their HTTP client sends (form, text, nothing); none of it is refused.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  for (const [suffix, failed] of [
    ['', false],
    ['/fail', true],
  ] as const) {
    const url = `/heartbeat/:secret${suffix}`;
    const what = failed ? 'Report that the job failed' : 'Record a ping';
    for (const method of ['GET', 'POST'] as const) {
      app.route({
        method,
        url,
        schema: {
          operationId: `${method.toLowerCase()}Heartbeat${failed ? 'Failure' : 'Ping'}`,
          summary: `${what} (${method}; HEAD also works)`,
          tags,
          security: [],
          params: Params,
          response: { 200: PingReceipt, ...errorResponses(404) },
        },
        handler: async (request: FastifyRequest<{ Params: { secret: string } }>, reply) => {
          void reply.header('cache-control', 'no-store');
          const pinged = await deps.services.heartbeats.ping({
            secret: request.params.secret,
            failed,
            message: messageOf(request.body),
          });
          return { ok: true, monitor_id: pinged.monitorId, paused: pinged.paused };
        },
      });
    }
  }
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body || undefined;
  if (
    body &&
    typeof body === 'object' &&
    typeof (body as { message?: unknown }).message === 'string'
  )
    return (body as { message: string }).message;
  return undefined;
}
