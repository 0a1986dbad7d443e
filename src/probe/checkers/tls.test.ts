// TLS certificate checker against TLS servers using certificates made by openssl in the test.
import assert from 'node:assert/strict';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createServer, type Server } from 'node:tls';
import { unavailable } from '../../../test/support/services.js';
import {
  ANSWER_TIMEOUT_MS,
  assertOrderedTimings,
  closedPort,
  closeServer,
  listen,
  makeCertificates,
  opensslMissing,
  type TestCertificates,
} from './checker-test-support.js';
import { tlsChecker } from './tls.js';

const skip = unavailable('openssl', opensslMissing());
const DAY_MS = 24 * 60 * 60 * 1000;

describe('tls checker', { skip }, () => {
  let certificates: TestCertificates;
  const servers: (Server | TcpServer)[] = [];
  const ports: Record<'valid' | 'expired' | 'otherName' | 'plain', number> = {
    valid: 0,
    expired: 0,
    otherName: 0,
    plain: 0,
  };

  before(async () => {
    certificates = makeCertificates();
    for (const kind of ['valid', 'expired', 'otherName'] as const) {
      const server = createServer(certificates[kind], (socket) => socket.end());
      servers.push(server);
      ports[kind] = await listen(server);
    }
    // Speaks plain text where a TLS handshake is expected.
    const plain = createTcpServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    servers.push(plain);
    ports.plain = await listen(plain);
  });
  after(() => Promise.all(servers.map(closeServer)));

  it('reports a trusted certificate that covers the name, and when it expires', async () => {
    const outcome = await tlsChecker.check(
      { host: 'localhost', port: ports.valid, ca: certificates.ca },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
    assert.equal(outcome.facts.cert?.valid, true);
    assert.equal(outcome.facts.cert?.hostname_match, true);
    const expiresIn = outcome.facts.cert?.expires_in ?? 0;
    assert.ok(expiresIn > DAY_MS && expiresIn <= 2 * DAY_MS, `expires in ${expiresIn} ms`);
    assert.match(outcome.certificate?.issuer ?? '', /VigilTestCA/);
    assert.match(outcome.certificate?.validTo ?? '', /^\d{4}-\d\d-\d\dT/);
    assertOrderedTimings(outcome.timings, ['dnsMs', 'connectMs', 'tlsMs', 'totalMs']);
  });

  it('matches an IP address against the certificate', async () => {
    const outcome = await tlsChecker.check(
      { host: '127.0.0.1', port: ports.valid, ca: certificates.ca },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
    assert.equal(outcome.facts.cert?.hostname_match, true);
  });

  it('reports an expired certificate as a certificate error with negative expires_in', async () => {
    const outcome = await tlsChecker.check(
      { host: 'localhost', port: ports.expired, ca: certificates.ca },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error?.class, 'certificate');
    assert.match(outcome.error?.message ?? '', /CERT_HAS_EXPIRED/);
    assert.equal(outcome.facts.cert?.valid, false);
    assert.ok((outcome.facts.cert?.expires_in ?? 0) < 0);
  });

  it('reports an untrusted chain when the CA is not given', async () => {
    const outcome = await tlsChecker.check(
      { host: 'localhost', port: ports.valid },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error?.class, 'certificate');
    assert.equal(outcome.facts.cert?.valid, false);
    assert.equal(outcome.facts.cert?.hostname_match, true);
  });

  it('reports a name mismatch, and only facts when verification is off', async () => {
    const spec = { host: 'localhost', port: ports.otherName, ca: certificates.ca };
    const verified = await tlsChecker.check(spec, { timeoutMs: ANSWER_TIMEOUT_MS });
    assert.equal(verified.error?.class, 'certificate');
    assert.match(verified.error?.message ?? '', /does not cover localhost/);
    const unverified = await tlsChecker.check(
      { ...spec, verify: false },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(unverified.error, undefined);
    assert.equal(unverified.facts.cert?.valid, true);
    assert.equal(unverified.facts.cert?.hostname_match, false);
  });

  it('checks the servername instead of the host when given', async () => {
    const outcome = await tlsChecker.check(
      {
        host: '127.0.0.1',
        port: ports.otherName,
        servername: 'other.invalid',
        ca: certificates.ca,
      },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
    assert.equal(outcome.facts.cert?.hostname_match, true);
  });

  it('classifies a server that does not speak TLS as a TLS error', async () => {
    const outcome = await tlsChecker.check(
      { host: '127.0.0.1', port: ports.plain },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error?.class, 'tls', JSON.stringify(outcome.error));
    assert.equal(outcome.facts.cert?.valid, false);
  });

  it('classifies a closed port as refused', async () => {
    const outcome = await tlsChecker.check(
      { host: '127.0.0.1', port: await closedPort() },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error?.class, 'refused');
  });
});
