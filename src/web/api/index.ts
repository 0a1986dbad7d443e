// The management REST API (`/api/v1`): JSON only, TypeBox-validated, authenticated by API key or
// admin session, rate limited per client, and described by its own OpenAPI document.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { WebDependencies } from '../app.js';
import { apiAuthentication } from '../auth/api-auth.js';
import type { ApiOptions } from './api-instance.js';
import { apiKeyRoutes } from './api-keys.js';
import { channelRoutes } from './channels.js';
import { componentRoutes } from './components.js';
import { deliveryRoutes } from './deliveries.js';
import { groupRoutes } from './groups.js';
import { heartbeatRoutes } from './heartbeat.js';
import { incidentRoutes } from './incidents.js';
import { maintenanceRoutes } from './maintenances.js';
import { monitorHistoryRoutes } from './monitor-history.js';
import { monitorRoutes } from './monitors.js';
import { registerOpenApi } from './openapi.js';
import { pageRoutes } from './pages.js';
import { probeTokenRoutes } from './probe-tokens.js';
import { subscriberRoutes } from './subscribers.js';
import { ErrorSchema } from './schemas.js';
import { apiValidatorCompiler } from './validator-compiler.js';

export async function managementApi(
  root: FastifyInstance,
  { deps }: { deps: WebDependencies },
): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  // Unlike the app's Ajv, which coerces types, bodies are checked exactly as sent.
  app.setValidatorCompiler(apiValidatorCompiler);
  // JSON only: the app-wide form and text parsers (for admin forms) answer 415 here.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // Some clients label a bodiless DELETE as JSON; the body schema still rejects an empty POST.
    const text = body.toString();
    if (text === '') done(null, undefined);
    else parseJson(request, text, done);
  });
  // One budget per client address for the whole API, spent before authentication so that
  // guessing keys is limited too.
  app.addHook(
    'onRequest',
    app.rateLimit({
      max: deps.config.apiRateLimitPerMinute,
      timeWindow: '1 minute',
      groupId: 'api',
    }),
  );
  app.addSchema(ErrorSchema);

  await registerOpenApi(app, app.prefix);

  const options: ApiOptions = { deps, basePath: app.prefix };
  await app.register(async (pushed) => {
    heartbeatRoutes(pushed.withTypeProvider<TypeBoxTypeProvider>(), options);
  });
  await app.register(async (secured) => {
    secured.addHook('onRequest', apiAuthentication(deps.services));
    secured.addHook('onSend', async (_request, reply, payload) => {
      // Management data is private: no shared cache may keep it.
      if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
      return payload;
    });
    const typed = secured.withTypeProvider<TypeBoxTypeProvider>();
    pageRoutes(typed, options);
    groupRoutes(typed, options);
    componentRoutes(typed, options);
    incidentRoutes(typed, options);
    maintenanceRoutes(typed, options);
    apiKeyRoutes(typed, options);
    monitorRoutes(typed, options);
    monitorHistoryRoutes(typed, options);
    probeTokenRoutes(typed, options);
    channelRoutes(typed, options);
    deliveryRoutes(typed, options);
    subscriberRoutes(typed, options);
  });
}
