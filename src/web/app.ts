// The `web` service as a Fastify application: shared hooks and security headers, then one plugin
// per feature (public site, management API, admin), each under its own prefix.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { Logger } from 'pino';
import type { VigilConfig } from '../config/env.js';
import type { Services } from '../services/index.js';
import type { SecretBox } from '../services/secret-box.js';
import type { PageSnapshots } from '../cache/page-snapshots.js';
import { MemoryRateCounter, type RateCounter } from '../cache/rate-counter.js';
import type { VigilDatabase } from '../store/database.js';
import { DatabaseOutage } from './database-outage.js';
import { registerErrorHandling } from './errors.js';
import { registerSecurityHeaders } from './security-headers.js';
import { healthRoutes } from './health.js';
import { publicSite } from './public/index.js';
import { statusApi } from './status-api/index.js';
import { managementApi } from './api/index.js';
import { adminSite } from './admin/index.js';
import { probeIngest } from './ingest/index.js';
import { rateLimitStore } from './rate-limit-store.js';

export interface WebDependencies {
  config: VigilConfig;
  services: Services;
  snapshots: PageSnapshots;
  database: VigilDatabase;
  logger: Logger;
  /** Set while the process drains on SIGTERM: /readyz then fails so the proxy stops sending traffic. */
  isDraining?: () => boolean;
  /** Where rate-limit counters live (see rate-limit-store.ts); this process's memory by default. */
  rateCounter?: RateCounter;
  /** Since when public pages may be out of date (database unreachable too long), or undefined. */
  staleSince?: () => Date | undefined;
  /** Logs database outages once each (made by buildWebApp when not given). */
  databaseOutage?: DatabaseOutage;
  /** The secret key's box: the subscribe form derives its proof-of-work key from it. */
  secretBox?: SecretBox;
}

export async function buildWebApp(given: WebDependencies): Promise<FastifyInstance> {
  const databaseOutage = given.databaseOutage ?? new DatabaseOutage(given.database, given.logger);
  const deps: WebDependencies = { ...given, databaseOutage };
  // The TypeBox provider is applied per plugin; the root instance is handed around untyped.
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: deps.config.trustProxy.length > 0 ? deps.config.trustProxy : false,
    bodyLimit: deps.config.bodyLimitBytes,
    // Per-request lines only when debugging; the top-level `disableRequestLogging` is deprecated.
    logController: new LogController({
      disableRequestLogging: deps.config.logLevel !== 'debug' && deps.config.logLevel !== 'trace',
    }),
    // A request that arrives on an open connection while the server closes is served, not
    // answered 503: a proxy never resends a POST it has sent, so a 503 there would fail a form
    // or an API write during a rolling restart. The drain period (Connection: close) empties the
    // proxy's pool of such connections first; new connections are refused once the port closes.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });

  registerErrorHandling(app, databaseOutage);
  app.addHook('onClose', async () => databaseOutage.stop());
  // While draining, every response tells the client (or proxy) not to reuse the connection, so
  // pooled keep-alive connections are gone before the port closes instead of being cut mid-reuse.
  app.addHook('onSend', async (_request, reply) => {
    if (deps.isDraining?.()) void reply.header('connection', 'close');
  });
  registerSecurityHeaders(app, deps.config.baseUrl);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: deps.config.bodyLimitBytes });
  // Counters shared by every instance (Redis or PostgreSQL), so a client cannot multiply its
  // budget by the number of instances behind the proxy.
  await app.register(rateLimit, {
    global: false,
    store: rateLimitStore(deps.rateCounter ?? new MemoryRateCounter()),
  });

  await app.register(healthRoutes, { deps });
  await app.register(probeIngest, { deps });
  await app.register(managementApi, { prefix: '/api/v1', deps });
  await app.register(adminSite, { prefix: '/admin', deps });
  await app.register(statusApi, { deps });
  await app.register(publicSite, { deps });
  return app;
}
