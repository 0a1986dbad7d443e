// Recognises PostgreSQL error codes the same way for the pg driver and PGlite, and errors that
// mean the database is unreachable rather than that a statement failed.

function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === '23505';
}

export function isForeignKeyViolation(error: unknown): boolean {
  return sqlState(error) === '23503';
}

/** Socket-level failures: the database host refused, dropped or never answered the connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/** Server states in which nothing can be done now but may be shortly (shutdown, startup, full). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What the pg driver says when a connection goes away without an error code. */
const LOST_CONNECTION =
  /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Client was closed/i;

/**
 * True when the error means "the database cannot be reached right now" rather than a bad query:
 * callers answer 503 and retry later instead of 500. Follows `cause` chains (wrapped errors).
 */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const state = sqlState(error);
  if (
    state &&
    (NETWORK_CODES.has(state) || UNAVAILABLE_STATES.has(state) || state.startsWith('08'))
  ) {
    return true;
  }
  if (error instanceof Error && LOST_CONNECTION.test(error.message)) return true;
  if (
    error instanceof AggregateError &&
    error.errors.some((e) => isConnectionError(e, depth + 1))
  ) {
    return true;
  }
  return isConnectionError((error as { cause?: unknown }).cause, depth + 1);
}
