// HTTPS checks against local servers whose certificates are made by openssl in the test.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { unavailable } from '../../../test/support/services.js';
import {
  ANSWER_TIMEOUT_MS,
  assertOrderedTimings,
  closeServer,
  listen,
  makeCertificates,
  opensslMissing,
  type TestCertificates,
} from './checker-test-support.js';
import { httpChecker } from './http.js';

const skip = unavailable('openssl', opensslMissing());

describe('http checker over TLS', { skip }, () => {
  let certificates: TestCertificates;
  let valid: Server;
  let expired: Server;
  let validUrl: string;
  let expiredUrl: string;

  before(async () => {
    certificates = makeCertificates();
    const handler = (_: unknown, response: ServerResponse) => response.end('secure');
    valid = createServer(certificates.valid, handler);
    expired = createServer(certificates.expired, handler);
    validUrl = `https://localhost:${await listen(valid)}/`;
    expiredUrl = `https://localhost:${await listen(expired)}/`;
  });
  after(() => Promise.all([closeServer(valid), closeServer(expired)]));

  it('reports status, certificate facts and every phase in order', async () => {
    const outcome = await httpChecker.check(
      { url: validUrl, ca: certificates.ca },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
    assert.equal(outcome.facts.status, 200);
    assert.equal(outcome.facts.body, 'secure');
    assert.equal(outcome.facts.cert?.valid, true);
    assert.equal(outcome.facts.cert?.hostname_match, true);
    assert.ok((outcome.facts.cert?.expires_in ?? 0) > 0);
    assertOrderedTimings(outcome.timings, [
      'dnsMs',
      'connectMs',
      'tlsMs',
      'firstByteMs',
      'totalMs',
    ]);
  });

  it('refuses an expired certificate as a certificate error, keeping its facts', async () => {
    const outcome = await httpChecker.check(
      { url: expiredUrl, ca: certificates.ca },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error?.class, 'certificate', JSON.stringify(outcome.error));
    assert.equal(outcome.facts.status, undefined);
    assert.equal(outcome.facts.cert?.valid, false);
    assert.ok((outcome.facts.cert?.expires_in ?? 0) < 0);
    assertOrderedTimings(outcome.timings, ['connectMs', 'tlsMs', 'totalMs']);
  });

  it('refuses an untrusted chain unless verification is off', async () => {
    const refused = await httpChecker.check({ url: validUrl }, { timeoutMs: ANSWER_TIMEOUT_MS });
    assert.equal(refused.error?.class, 'certificate');
    const accepted = await httpChecker.check(
      { url: expiredUrl, verifyTls: false },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(accepted.error, undefined, JSON.stringify(accepted.error));
    assert.equal(accepted.facts.status, 200);
    assert.equal(accepted.facts.cert?.valid, false);
  });
});
