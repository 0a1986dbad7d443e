// The admin UI under /admin: server-rendered HTML forms (no client script), signed-in admins only,
// CSRF-protected posts, and a redirect after every successful post.
import csrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance } from 'fastify';
import type { WebDependencies } from '../app.js';
import { adminAccess } from './access.js';
import { adminAssetRoutes } from './assets.js';
import { accountRoutes } from './account-routes.js';
import { apiKeyRoutes } from './api-key-routes.js';
import { channelRoutes } from './channel-routes.js';
import { componentRoutes } from './component-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { deliveryRoutes } from './delivery-routes.js';
import { adminErrorPages } from './errors.js';
import { incidentRoutes } from './incident-routes.js';
import { maintenanceRoutes } from './maintenance-routes.js';
import { monitorRoutes } from './monitor-routes.js';
import { ADMIN_PREFIX } from './paths.js';
import { pageRoutes } from './page-routes.js';
import { probeTokenRoutes } from './probe-token-routes.js';
import { signInRoutes } from './sign-in-routes.js';
import { subscriberRoutes } from './subscriber-routes.js';
import { userRoutes } from './user-routes.js';

export async function adminSite(
  app: FastifyInstance,
  { deps }: { deps: WebDependencies },
): Promise<void> {
  await app.register(csrfProtection, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'vigil_csrf',
    cookieOpts: {
      path: ADMIN_PREFIX,
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.secureCookies,
    },
    logLevel: 'info',
  });
  adminErrorPages(app, deps);
  adminAccess(app, deps);
  adminAssetRoutes(app);
  signInRoutes(app, deps);
  dashboardRoutes(app, deps);
  pageRoutes(app, deps);
  componentRoutes(app, deps);
  monitorRoutes(app, deps);
  probeTokenRoutes(app, deps);
  incidentRoutes(app, deps);
  maintenanceRoutes(app, deps);
  channelRoutes(app, deps);
  deliveryRoutes(app, deps);
  subscriberRoutes(app, deps);
  apiKeyRoutes(app, deps);
  userRoutes(app, deps);
  accountRoutes(app, deps);
}
