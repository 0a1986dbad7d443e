// Schemas shared by every management API route: ids in paths, paging, timestamps, and the one
// error shape, so the OpenAPI document describes them once and identically everywhere.
import type { FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';

/** Name under which the error schema is registered (app.addSchema) and referenced. */
export const ERROR_SCHEMA_ID = 'Error';

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, e.g. validation_failed' }),
      message: Type.String({ description: 'What went wrong and how to fix it' }),
      field: Type.Optional(
        Type.String({ description: 'The request field at fault, e.g. name or components.abc' }),
      ),
    }),
  },
  { $id: ERROR_SCHEMA_ID, description: 'Error' },
);

const errorRef = (description: string) =>
  Type.Unsafe<unknown>({ $ref: `${ERROR_SCHEMA_ID}#`, description });

const ERROR_DESCRIPTIONS = {
  400: 'Invalid request; `field` names the offending field',
  401: 'No valid API key or admin session',
  403: 'The API key has scope read; this request needs write',
  404: 'No such resource',
  409: 'Conflicts with an existing resource (e.g. a slug or name in use)',
  413: 'The request body is larger than the limit',
  415: 'The request body is not application/json',
  429: 'Too many requests from this client; retry after the time in retry-after',
} as const;
type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** Error responses every route may give, plus the ones particular to it. */
export function errorResponses(...statuses: ErrorStatus[]): Record<number, TSchema> {
  const all = new Set<ErrorStatus>([401, 429, ...statuses]);
  return Object.fromEntries(
    [...all].sort().map((status) => [status, errorRef(ERROR_DESCRIPTIONS[status])]),
  );
}

/** Error responses of a route that writes a JSON body. */
export const WRITE_ERRORS: ErrorStatus[] = [400, 403, 404, 413, 415];

/** A string from a fixed list, typed as such so OpenAPI tools show it as a string enum. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string; default?: T[number] } = {},
) {
  return Type.Enum([...values] as [...T], { type: 'string', ...options });
}

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC' });
/** Without annotations, so OpenAPI 3.0 can fold `anyOf [it, null]` into a nullable string. */
export const TimestampValue = Type.String({ format: 'date-time' });
export const NullableTimestamp = Type.Union([TimestampValue, Type.Null()]);
export const NullableString = Type.Union([Type.String(), Type.Null()]);

export function iso(date: Date): string {
  return date.toISOString();
}
export function isoOrNull(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

export const Id = Type.String({ minLength: 1, maxLength: 64, description: 'Resource id' });

export function idParams<K extends string>(...names: K[]) {
  return Type.Object(Object.fromEntries(names.map((name) => [name, Id])) as Record<K, typeof Id>);
}

export const PagingQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, description: 'Page number, from 1', default: 1 })),
  per_page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100, description: 'Items per page', default: 25 }),
  ),
};

export const PagingSchema = Type.Object({
  page: Type.Integer(),
  per_page: Type.Integer(),
  total: Type.Integer(),
  total_pages: Type.Integer(),
});

/** `{ data: [...], pagination }`, the envelope of every list. */
export function listOf<T extends TSchema>(item: T, description: string) {
  return Type.Object({ data: Type.Array(item), pagination: PagingSchema }, { description });
}

export const NoContent = Type.Null({ description: 'Done; no content' });

/** The body of an action that takes no fields (pause, resume, send test). */
export const NoBody = Type.Object({}, { additionalProperties: false, description: 'Nothing' });

/** preValidation for NoBody routes: a request without a body is the usual way to call them. */
export async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}
