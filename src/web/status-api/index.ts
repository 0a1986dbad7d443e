// Placeholder of the public Statuspage v2 compatible JSON API plugin; replaced by its implementation.
import type { FastifyInstance } from 'fastify';
import type { WebDependencies } from '../app.js';

export async function statusApi(_app: FastifyInstance, _options: { deps: WebDependencies }): Promise<void> {}
