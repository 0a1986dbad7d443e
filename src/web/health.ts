// Liveness (/healthz: the process answers) and readiness (/readyz: database reachable, schema
// current, not draining) for load balancers and orchestrators.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isSchemaCurrent } from '../store/migrator.js';
import type { WebDependencies } from './app.js';

export async function healthRoutes(
  app: FastifyInstance,
  { deps }: { deps: WebDependencies },
): Promise<void> {
  let schemaCurrent = false;
  app.get('/healthz', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
  app.get('/readyz', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    const checks: Record<string, 'ok' | 'failing'> = {};
    try {
      await sql`SELECT 1`.execute(deps.database.db);
      checks.database = 'ok';
      schemaCurrent ||= await isSchemaCurrent(deps.database);
      checks.migrations = schemaCurrent ? 'ok' : 'failing';
    } catch {
      checks.database = 'failing';
    }
    checks.accepting = deps.isDraining?.() ? 'failing' : 'ok';
    const ready = Object.values(checks).every((value) => value === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
}
