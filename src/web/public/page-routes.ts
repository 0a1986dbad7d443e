// Registers a public route for the default page and the same route under /s/:slug for any page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface PageRouteRequest extends FastifyRequest {
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
}

export type PageRouteHandler = (
  request: PageRouteRequest,
  reply: FastifyReply,
  slug: string | undefined,
) => Promise<FastifyReply>;

/** `path` is '/' or starts with '/', e.g. '/history' → '/history' and '/s/:slug/history'. */
export function onEveryPage(app: FastifyInstance, path: string, handler: PageRouteHandler): void {
  const defaultPath = path;
  const slugPath = path === '/' ? '/s/:slug' : `/s/:slug${path}`;
  app.get(defaultPath, (request, reply) => handler(request as PageRouteRequest, reply, undefined));
  app.get(slugPath, (request, reply) => {
    const typed = request as PageRouteRequest;
    return handler(typed, reply, typed.params.slug);
  });
}
