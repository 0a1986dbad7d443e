// Placeholder of the admin plugin; replaced by its full implementation.
import type { FastifyInstance } from 'fastify';
import type { WebDependencies } from '../app.js';

export async function adminSite(
  _app: FastifyInstance,
  _options: { deps: WebDependencies },
): Promise<void> {}
