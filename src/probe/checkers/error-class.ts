// Sorts an error from a check into one of the target error classes, with a readable message.
import type { CheckError, CheckErrorClass } from './checker.js';

const BY_CODE: Readonly<Record<string, CheckErrorClass>> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  ENODATA: 'dns',
  ESERVFAIL: 'dns',
  EFORMERR: 'dns',
  EBADRESP: 'dns',
  ENOTIMP: 'dns',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  ECONNABORTED: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  ETIMEDOUT: 'timeout',
  ETIMEOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificate',
  EPROTO: 'tls',
  UND_ERR_INFO: 'protocol',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'protocol',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'protocol',
  ERR_TOO_MANY_REDIRECTS: 'protocol',
};

/** OpenSSL's verification codes name certificates; handshake failures do not. */
function classOfCode(code: string): CheckErrorClass | undefined {
  const known = BY_CODE[code];
  if (known) return known;
  if (/^(CERT_|UNABLE_TO_|INVALID_CA|.*_CERT_)/.test(code)) return 'certificate';
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return 'tls';
  if (code.startsWith('HPE_')) return 'protocol';
  return undefined;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function withCode(code: string, message: string): string {
  return message.includes(code) ? message : `${code}: ${message}`;
}

/** Looks through `cause` chains too: undici wraps the socket's error in its own. */
export function classifyError(error: unknown, timedOut: boolean): CheckError {
  const message = messageOf(error);
  if (timedOut) return { class: 'timeout', message };
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined; depth += 1) {
    const code = codeOf(current);
    const found = code === undefined ? undefined : classOfCode(code);
    if (found && code) return { class: found, message: withCode(code, messageOf(current)) };
    // undici's parser errors do not always carry a code.
    if (current instanceof Error && current.name === 'HTTPParserError') {
      return { class: 'protocol', message: current.message };
    }
    current =
      typeof current === 'object' && current !== null
        ? (current as { cause?: unknown }).cause
        : undefined;
  }
  return { class: 'unknown', message };
}
