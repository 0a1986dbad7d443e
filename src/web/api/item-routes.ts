// The routes of a management API resource addressed by its own id (`/groups/:groupId`): read,
// change and delete it, with the same status codes and error responses for every resource.
import type { Static, TSchema } from 'typebox';
import type { ApiInstance } from './api-instance.js';
import { errorResponses, idParams, NoContent, WRITE_ERRORS } from './schemas.js';

/** What the OpenAPI document says about one operation. */
export interface OperationText {
  operationId: string;
  summary: string;
  description?: string;
}

/** One resource's item routes: `Schema` is its JSON representation, `Body` what PATCH takes. */
export interface ItemRoutes<Schema extends TSchema, Body extends TSchema> {
  /** With the id as its last parameter, e.g. `/groups/:groupId`. */
  path: string;
  idName: string;
  tags: string[];
  schema: Schema;
  /** GET: 200 with the representation, or 404. */
  read: OperationText & { run(id: string): Promise<Static<Schema>> };
  /** `write` when reading an item needs a write key (personal data; see api-auth.ts). */
  readScope?: 'read' | 'write';
  /** PATCH: 200 with the changed representation; `conflicts` when a name or slug may clash. */
  change?: OperationText & {
    body: Body;
    conflicts?: boolean;
    run(id: string, input: Static<Body>): Promise<Static<Schema>>;
  };
  /** DELETE: 204, or 404. */
  remove?: OperationText & { run(id: string): Promise<void> };
}

export function itemRoutes<Schema extends TSchema, Body extends TSchema>(
  app: ApiInstance,
  item: ItemRoutes<Schema, Body>,
): void {
  const { path, idName, tags } = item;
  const params = idParams(idName);
  // Fastify cannot resolve the static types of generic schemas: the `run` functions are checked
  // against them where each resource is declared, and the body was validated against its schema.
  const Representation: TSchema = item.schema;
  // The params schema requires the id.
  const idOf = (request: { params: Record<string, string | undefined> }) => request.params[idName]!;

  const { run: read, ...readText } = item.read;
  const readScope = item.readScope ?? 'read';
  app.get(
    path,
    {
      config: { readScope },
      schema: {
        ...readText,
        tags,
        params,
        response: {
          200: Representation,
          ...errorResponses(...(readScope === 'write' ? [403 as const] : []), 404),
        },
      },
    },
    async (request) => read(idOf(request)),
  );

  if (item.change) {
    const { run: change, body, conflicts, ...changeText } = item.change;
    const Body: TSchema = body;
    app.patch(
      path,
      {
        schema: {
          ...changeText,
          tags,
          params,
          body: Body,
          response: {
            200: Representation,
            ...errorResponses(...WRITE_ERRORS, ...(conflicts ? [409 as const] : [])),
          },
        },
      },
      async (request) => change(idOf(request), request.body as Static<Body>),
    );
  }

  if (item.remove) {
    const { run: remove, ...removeText } = item.remove;
    app.delete(
      path,
      {
        schema: {
          ...removeText,
          tags,
          params,
          response: { 204: NoContent, ...errorResponses(403, 404) },
        },
      },
      async (request, reply) => {
        await remove(idOf(request));
        return reply.code(204).send(null);
      },
    );
  }
}
