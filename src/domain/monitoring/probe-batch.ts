// Validates a result batch as a probe sent it (parsed JSON of unknown shape): the whole batch is
// accepted or refused with the field of the first problem, e.g. `results[3].checked_at`.
import { ValidationError, VigilError } from '../errors.js';
import { AGENT_ID_PATTERN, PROBE_LIMITS, RESULT_ID_PATTERN } from './probe-protocol.js';

/** One result of a valid batch, in the shape the store takes (minus the region, known from the token). */
export interface ValidResult {
  id: string;
  monitorId: string;
  checkedAt: Date;
  passed: boolean;
  latencyMs: number | null;
  errorClass: string | null;
  errorMessage: string | null;
  conditionResults: unknown[];
  facts: Record<string, unknown>;
  timings: Record<string, number>;
}

export interface ValidBatch {
  agentId: string;
  results: ValidResult[];
}

export class BatchTooLargeError extends VigilError {
  constructor(count: number) {
    super(
      'payload_too_large',
      `results holds ${count} results; a batch may hold at most ${PROBE_LIMITS.maxBatchResults}`,
      413,
      'results',
    );
  }
}

/** A day of latency is no latency a check can have; it is a bug or a forged value. */
const MAX_LATENCY_MS = 86_400_000;
const MAX_ERROR_CLASS_LENGTH = 50;
const MAX_TIMINGS = 10;

export function parseResultBatch(input: unknown, now: Date): ValidBatch {
  const batch = object(input, 'body');
  const agentId = batch.agent_id;
  if (typeof agentId !== 'string' || !AGENT_ID_PATTERN.test(agentId))
    throw new ValidationError(
      'agent_id',
      'agent_id must be 1-100 characters of A-Z a-z 0-9 _ . : -',
    );
  if (!Array.isArray(batch.results))
    throw new ValidationError('results', 'results must be a list of check results');
  if (batch.results.length > PROBE_LIMITS.maxBatchResults)
    throw new BatchTooLargeError(batch.results.length);
  const latestMs = now.getTime() + PROBE_LIMITS.maxFutureSkewMs;
  const results = batch.results.map((raw: unknown, index: number) =>
    parseResult(raw, `results[${index}]`, latestMs),
  );
  return { agentId, results };
}

function parseResult(raw: unknown, at: string, latestMs: number): ValidResult {
  const result = object(raw, at);
  const id = result.id;
  if (typeof id !== 'string' || !RESULT_ID_PATTERN.test(id))
    throw new ValidationError(
      `${at}.id`,
      `${at}.id must be 1-100 characters of A-Z a-z 0-9 _ . : -`,
    );
  const monitorId = result.monitor_id;
  if (typeof monitorId !== 'string' || monitorId.length === 0 || monitorId.length > 100)
    throw new ValidationError(`${at}.monitor_id`, `${at}.monitor_id must be a monitor id`);
  const checkedAt = parseTime(result.checked_at, `${at}.checked_at`);
  if (checkedAt.getTime() > latestMs)
    throw new ValidationError(
      `${at}.checked_at`,
      `${at}.checked_at ${checkedAt.toISOString()} is in the future (check the probe's clock)`,
    );
  if (typeof result.passed !== 'boolean')
    throw new ValidationError(`${at}.passed`, `${at}.passed must be true or false`);
  return {
    id,
    monitorId,
    checkedAt,
    passed: result.passed,
    latencyMs: latency(result.latency_ms, `${at}.latency_ms`),
    errorClass: text(result.error_class, `${at}.error_class`, MAX_ERROR_CLASS_LENGTH),
    errorMessage: text(
      result.error_message,
      `${at}.error_message`,
      PROBE_LIMITS.maxErrorMessageLength,
    ),
    conditionResults: conditionResults(result.condition_results, `${at}.condition_results`),
    facts: facts(result.facts, `${at}.facts`),
    timings: timings(result.timings, `${at}.timings`),
  };
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ValidationError(field, `${field} must be an object`);
  return value as Record<string, unknown>;
}

// Full ISO 8601 with a zone: a bare local time would be read in the server's zone.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

function parseTime(value: unknown, field: string): Date {
  const time = typeof value === 'string' && ISO_TIME.test(value) ? new Date(value) : null;
  if (!time || !Number.isFinite(time.getTime()))
    throw new ValidationError(
      field,
      `${field} must be an ISO 8601 time with a zone, e.g. 2026-01-01T12:00:00Z`,
    );
  return time;
}

function latency(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_LATENCY_MS)
    throw new ValidationError(
      field,
      `${field} must be null or milliseconds between 0 and ${MAX_LATENCY_MS}`,
    );
  return value;
}

function text(value: unknown, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || value.length > max)
    throw new ValidationError(field, `${field} must be null or text of at most ${max} characters`);
  return value;
}

function conditionResults(value: unknown, field: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > PROBE_LIMITS.maxConditionResults)
    throw new ValidationError(
      field,
      `${field} must be a list of at most ${PROBE_LIMITS.maxConditionResults} condition outcomes`,
    );
  value.forEach((outcome: unknown, index) => {
    const entry = object(outcome, `${field}[${index}]`);
    if (typeof entry.condition !== 'string' || typeof entry.passed !== 'boolean')
      throw new ValidationError(
        `${field}[${index}]`,
        `${field}[${index}] must have a condition (text) and passed (true or false)`,
      );
  });
  return sizeLimited(value, field);
}

function facts(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined) return {};
  return sizeLimited(object(value, field), field);
}

function sizeLimited<T>(value: T, field: string): T {
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > PROBE_LIMITS.maxFactsBytes)
    throw new ValidationError(
      field,
      `${field} is ${bytes} bytes as JSON; at most ${PROBE_LIMITS.maxFactsBytes} are kept per result`,
    );
  return value;
}

function timings(value: unknown, field: string): Record<string, number> {
  if (value === undefined) return {};
  const entries = Object.entries(object(value, field));
  if (entries.length > MAX_TIMINGS)
    throw new ValidationError(field, `${field} may hold at most ${MAX_TIMINGS} phases`);
  for (const [name, ms] of entries) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_LATENCY_MS)
      throw new ValidationError(`${field}.${name}`, `${field}.${name} must be milliseconds`);
  }
  return Object.fromEntries(entries) as Record<string, number>;
}
