// One JSON error shape everywhere: { "error": { "code", "message", "field"? } }, with the HTTP
// status that says whose fault it was (503 while the database is unreachable); HTML pages get
// the same message in a page of their own.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VigilError } from '../domain/errors.js';
import { isConnectionError } from '../store/sql-errors.js';
import type { DatabaseOutage } from './database-outage.js';

/** Seconds a client is asked to wait while the database is unreachable (a restart takes a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export function errorBody(code: string, message: string, field?: string): ErrorBody {
  return { error: field ? { code, message, field } : { code, message } };
}

/** One entry of a schema validation error, as Ajv (Fastify's default) or TypeBox reports it. */
interface SchemaIssue {
  keyword: string;
  instancePath: string;
  schemaPath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** `/components/a~1b` → `components.a/b`: the dotted field names the services use too. */
function pointerToField(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function joinField(path: string, leaf: unknown): string | undefined {
  if (typeof leaf !== 'string') return path || undefined;
  return path ? `${path}.${leaf}` : leaf;
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** TypeBox reports an unknown property as a failed `false` schema at that property's own path. */
function isUnknownProperty(issue: SchemaIssue): boolean {
  return (
    issue.keyword === 'additionalProperties' ||
    (issue.keyword === 'boolean' && (issue.schemaPath ?? '').endsWith('/additionalProperties'))
  );
}

function issueField(issue: SchemaIssue): string | undefined {
  const path = pointerToField(issue.instancePath);
  const params = issue.params ?? {};
  if (issue.keyword === 'required') {
    // Ajv: missingProperty; TypeBox: requiredProperties (the missing ones).
    return joinField(path, params.missingProperty ?? firstOf(params.requiredProperties));
  }
  if (issue.keyword === 'additionalProperties') {
    return joinField(path, params.additionalProperty ?? firstOf(params.additionalProperties));
  }
  return path || undefined;
}

const FORMAT_HINTS: Record<string, string> = {
  'date-time': 'an ISO 8601 date-time such as 2024-05-01T12:00:00Z',
  date: 'a date as YYYY-MM-DD',
  uri: 'an absolute URL',
  email: 'an email address',
};

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

function issueProblem(issue: SchemaIssue, samePath: readonly SchemaIssue[]): string {
  const params = issue.params ?? {};
  if (isUnknownProperty(issue)) return 'is not a known field';
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `must be one of ${params.allowedValues.join(', ')}`;
  }
  if (issue.keyword === 'format' && typeof params.format === 'string') {
    return `must be ${FORMAT_HINTS[params.format] ?? `a valid ${params.format}`}`;
  }
  if (issue.keyword === 'type') {
    // A nullable field fails once per alternative: say every type it may have.
    const types = samePath
      .filter((other) => other.keyword === 'type')
      .map((other) => String(firstOf(other.params?.type)))
      .map((type) => TYPE_NAMES[type] ?? type);
    return `must be ${[...new Set(types)].join(' or ')}`;
  }
  return issue.message ?? 'is invalid';
}

/** The field a schema validation error is about and a sentence saying what is wrong with it. */
export function describeValidationError(
  issues: readonly SchemaIssue[],
  context = 'body',
): { field?: string; message: string } {
  // Summaries (anyOf) and TypeBox's duplicate additionalProperties entry say less than the
  // entries they summarise, so the first specific entry is the one to report.
  const specific = issues.filter((issue) => issue.keyword !== 'anyOf' && issue.keyword !== 'oneOf');
  const issue = specific[0] ?? issues[0];
  if (!issue) return { message: `the request ${context} is invalid` };
  const field = issueField(issue);
  const problem = issueProblem(
    issue,
    specific.filter((other) => other.instancePath === issue.instancePath),
  );
  if (!field) {
    const what = context === 'body' ? 'the request body' : `the ${context}`;
    if (issue.keyword === 'type' && context === 'body')
      return { message: `${what} must be a JSON object` };
    return { message: `${what} ${problem}` };
  }
  return { field, message: `${field} ${problem}` };
}

export function toErrorResponse(error: FastifyError | Error): { status: number; body: ErrorBody } {
  // Checked first: a write that met an unreachable database changed nothing (its transaction
  // never committed), and the client should simply try again shortly.
  if (isConnectionError(error)) {
    return {
      status: 503,
      body: errorBody(
        'database_unavailable',
        'the database cannot be reached right now; nothing was changed, try again in a moment',
      ),
    };
  }
  if (error instanceof VigilError) {
    return { status: error.statusCode, body: errorBody(error.code, error.message, error.field) };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const { field, message } = describeValidationError(
      fastifyError.validation as SchemaIssue[],
      fastifyError.validationContext,
    );
    return { status: 400, body: errorBody('validation_failed', message, field) };
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: errorBody('payload_too_large', 'the request body is larger than the limit'),
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: errorBody(
          'unsupported_media_type',
          'send application/json (or a form, for admin pages)',
        ),
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: errorBody('invalid_json', 'the request body is not valid JSON') };
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return {
        status: 403,
        body: errorBody('csrf_failed', 'the form has expired; reload the page and try again'),
      };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 429) return { status, body: errorBody('rate_limited', fastifyError.message) };
  if (status >= 400 && status < 500) {
    return { status, body: errorBody('bad_request', fastifyError.message) };
  }
  return {
    status: 500,
    body: errorBody('internal_error', 'something went wrong on our side; it has been logged'),
  };
}

/**
 * Logs a failed request: an unreachable database once per outage (every request fails the same
 * way meanwhile, and the cause is not in this code), other server errors with their stack.
 */
export function logFailure(
  request: FastifyRequest,
  error: Error,
  status: number,
  outage: DatabaseOutage | undefined,
): void {
  if (status === 503 && isConnectionError(error) && outage) {
    outage.failed(error, { url: request.url.split('?')[0] });
  } else if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.debug({ err: error }, 'request rejected');
}

/** Sets Retry-After on a 503 that says the database is unreachable. */
export function retryLater(reply: FastifyReply, status: number): void {
  if (status === 503) void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
}

export function registerErrorHandling(app: FastifyInstance, outage?: DatabaseOutage): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorResponse(error);
    logFailure(request, error, status, outage);
    retryLater(reply, status);
    void reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .type('application/json; charset=utf-8')
      .send(errorBody('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`));
  });
}
