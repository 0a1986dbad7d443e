// Error classification: codes from Node, undici and OpenSSL map to the right target error class.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyError } from './error-class.js';
import { CHECKERS } from './index.js';

function coded(code: string, message = 'failed'): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyError', () => {
  const cases: [string, string][] = [
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['CERT_HAS_EXPIRED', 'certificate'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'certificate'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'certificate'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['HPE_INVALID_CONSTANT', 'protocol'],
    ['ESOMETHINGELSE', 'unknown'],
  ];
  for (const [code, expected] of cases) {
    it(`classifies ${code} as ${expected}`, () => {
      assert.equal(classifyError(coded(code), false).class, expected);
    });
  }

  it('finds the code in a wrapped cause and names it in the message', () => {
    const error = new Error('fetch failed', { cause: coded('ECONNREFUSED', 'connect refused') });
    assert.deepEqual(classifyError(error, false), {
      class: 'refused',
      message: 'ECONNREFUSED: connect refused',
    });
  });

  it('calls anything a timeout once the deadline passed', () => {
    assert.equal(classifyError(coded('ECONNRESET'), true).class, 'timeout');
  });

  it('accepts values that are not errors', () => {
    assert.deepEqual(classifyError('boom', false), { class: 'unknown', message: 'boom' });
  });
});

describe('CHECKERS', () => {
  it('registers each checker under its own type', () => {
    for (const [type, checker] of Object.entries(CHECKERS)) assert.equal(checker.type, type);
    assert.deepEqual(Object.keys(CHECKERS).sort(), ['dns', 'http', 'tcp', 'tls']);
  });
});
