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

/** Socket errors of a connection that could not be made or was cut. */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What the pg driver says, without a code, when a connection ends or cannot be had in time. */
const CONNECTION_ERROR_MESSAGE =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed/i;

/**
 * True when `error` says the database cannot be reached right now (down, restarting, refusing
 * connections) rather than that the statement was wrong: the caller should answer 503 or try
 * again later, not report a bug. SQLSTATE class 08 is a connection exception; 57P01-57P03 are an
 * administrator's shutdown, a crash shutdown and "the database system is starting up"; 53300 is
 * "too many connections".
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined) {
    if (CONNECTION_ERROR_CODES.has(state)) return true;
    if (state.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(state)) return true;
  }
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return error instanceof Error && CONNECTION_ERROR_MESSAGE.test(error.message);
}
