// The public, server-rendered status site: status pages, history, permalinks, feeds and badges for
// the default page (`/`) and for any page (`/s/:slug`), all served from in-memory page snapshots.
import type { FastifyInstance } from 'fastify';
import type { WebDependencies } from '../app.js';
import { assetRoutes, loadStylesheet } from './assets.js';
import { htmlRoutes } from './html-routes.js';
import { resourceRoutes } from './resource-routes.js';
import { subscribeRoutes } from './subscribe/subscribe-routes.js';

export async function publicSite(
  app: FastifyInstance,
  { deps }: { deps: WebDependencies },
): Promise<void> {
  const stylesheet = loadStylesheet();
  assetRoutes(app, stylesheet);
  htmlRoutes(app, deps, stylesheet);
  resourceRoutes(app, deps);
  subscribeRoutes(app, deps, stylesheet);
}
