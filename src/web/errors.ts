// One JSON error shape everywhere: { "error": { "code", "message", "field"? } }, with the HTTP
// status that says whose fault it was; HTML pages get the same message in a page of their own.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VigilError } from '../domain/errors.js';

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export function errorBody(code: string, message: string, field?: string): ErrorBody {
  return { error: field ? { code, message, field } : { code, message } };
}

/** Turns Fastify's schema validation error into the name of the offending field. */
function validationField(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const params = first.params as Record<string, unknown> | undefined;
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const missing = typeof params?.missingProperty === 'string' ? params.missingProperty : undefined;
  const extra =
    typeof params?.additionalProperty === 'string' ? params.additionalProperty : undefined;
  const leaf = missing ?? extra;
  if (leaf) return path ? `${path}.${leaf}` : leaf;
  return path || undefined;
}

function validationMessage(error: FastifyError, field: string | undefined): string {
  const first = error.validation?.[0];
  const params = first?.params as Record<string, unknown> | undefined;
  if (first?.keyword === 'additionalProperties') return `${field} is not a known field`;
  if (first?.keyword === 'required') return `${field} is required`;
  return field
    ? `${field} ${first?.message ?? 'is invalid'}`
    : (first?.message ?? error.message) + (params ? '' : '');
}

export function toErrorResponse(error: FastifyError | Error): { status: number; body: ErrorBody } {
  if (error instanceof VigilError) {
    return { status: error.statusCode, body: errorBody(error.code, error.message, error.field) };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const field = validationField(fastifyError);
    return {
      status: 400,
      body: errorBody('validation_failed', validationMessage(fastifyError, field), field),
    };
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

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug({ err: error }, 'request rejected');
    void reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .type('application/json; charset=utf-8')
      .send(errorBody('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`));
  });
}
