// Monitor targets: each check type's fields are checked, defaulted and named in errors, and the
// stored shape is what the probe's check types take.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsSpec, HttpSpec, TcpSpec, TlsSpec } from '../../probe/checkers/index.js';
import { ValidationError } from '../errors.js';
import {
  monitorSpecToInput,
  parseMonitorSpec,
  type MonitorKind,
  type MonitorTargets,
} from './monitor-spec.js';

// Compile-time agreement with the probe: a stored target must be a valid spec for its checker.
const agreesWithProbe: [
  (t: MonitorTargets['http']) => HttpSpec,
  (t: MonitorTargets['tcp']) => TcpSpec,
  (t: MonitorTargets['dns']) => DnsSpec,
  (t: MonitorTargets['tls']) => TlsSpec,
] = [(t) => t, (t) => t, (t) => t, (t) => t];
void agreesWithProbe;

function fieldOf(type: MonitorKind, input: unknown): string | undefined {
  try {
    parseMonitorSpec(type, input);
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return error.field;
  }
  assert.fail(`accepted ${JSON.stringify(input)}`);
}

describe('monitor targets', () => {
  it('reads an HTTP target with every option, in the probe shape', () => {
    assert.deepEqual(
      parseMonitorSpec('http', {
        url: 'https://example.com/health',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        follow_redirects: false,
        verify_tls: false,
      }),
      {
        url: 'https://example.com/health',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        followRedirects: false,
        verifyTls: false,
      },
    );
    assert.deepEqual(parseMonitorSpec('http', { url: 'http://127.0.0.1:8080/x' }), {
      url: 'http://127.0.0.1:8080/x',
    });
  });

  it('names the bad HTTP field', () => {
    assert.equal(fieldOf('http', {}), 'url');
    assert.equal(fieldOf('http', { url: 'ftp://example.com/' }), 'url');
    assert.equal(fieldOf('http', { url: 'not a url' }), 'url');
    assert.equal(fieldOf('http', { url: 'http://a/', method: 'BREW' }), 'method');
    assert.equal(fieldOf('http', { url: 'http://a/', headers: ['x'] }), 'headers');
    assert.equal(fieldOf('http', { url: 'http://a/', headers: { 'x-a': 1 } }), 'headers.x-a');
    assert.equal(
      fieldOf('http', { url: 'http://a/', headers: { 'bad name': 'v' } }),
      'headers.bad name',
    );
    assert.equal(fieldOf('http', { url: 'http://a/', headers: { x: 'a\r\nb: c' } }), 'headers.x');
    assert.equal(fieldOf('http', { url: 'http://a/', body: 5 }), 'body');
    assert.equal(
      fieldOf('http', { url: 'http://a/', follow_redirects: 'yes' }),
      'follow_redirects',
    );
    assert.equal(fieldOf('http', { url: 'http://a/', verify_tls: 1 }), 'verify_tls');
    assert.equal(fieldOf('http', { url: 'http://a/', port: 80 }), 'port');
    assert.equal(fieldOf('http', 'http://a/'), 'target');
  });

  it('reads TCP host and port, refusing ports outside 1..65535', () => {
    assert.deepEqual(parseMonitorSpec('tcp', { host: 'db.internal', port: 5432 }), {
      host: 'db.internal',
      port: 5432,
    });
    assert.equal(fieldOf('tcp', { host: 'db', port: 0 }), 'port');
    assert.equal(fieldOf('tcp', { host: 'db', port: 65_536 }), 'port');
    assert.equal(fieldOf('tcp', { host: 'db', port: 1.5 }), 'port');
    assert.equal(fieldOf('tcp', { host: 'db' }), 'port');
    assert.equal(fieldOf('tcp', { host: 'http://db/', port: 1 }), 'host');
    assert.equal(fieldOf('tcp', { port: 1 }), 'host');
  });

  it('reads DNS name, record type (default A) and an optional resolver address', () => {
    assert.deepEqual(parseMonitorSpec('dns', { name: 'example.com' }), {
      name: 'example.com',
      recordType: 'A',
    });
    for (const resolver of ['10.0.0.53', '10.0.0.53:5353', '::1', '[::1]:53']) {
      assert.equal(
        parseMonitorSpec('dns', { name: 'a.b', record_type: 'MX', resolver }).resolver,
        resolver,
      );
    }
    assert.equal(fieldOf('dns', { name: 'a.b', record_type: 'SRV' }), 'record_type');
    assert.equal(fieldOf('dns', { name: 'a.b', resolver: 'dns.google' }), 'resolver');
    assert.equal(fieldOf('dns', { name: 'a.b', resolver: '10.0.0.1:70000' }), 'resolver');
    assert.equal(fieldOf('dns', { name: 'a.b', resolver: '[10.0.0.1]:53' }), 'resolver');
    assert.equal(fieldOf('dns', { record_type: 'A' }), 'name');
  });

  it('reads TLS host with port 443 by default and an optional servername', () => {
    assert.deepEqual(parseMonitorSpec('tls', { host: 'example.com' }), {
      host: 'example.com',
      port: 443,
    });
    assert.deepEqual(
      parseMonitorSpec('tls', { host: '127.0.0.1', port: 8443, servername: 'example.com' }),
      { host: '127.0.0.1', port: 8443, servername: 'example.com' },
    );
    assert.equal(fieldOf('tls', { host: 'a', port: -1 }), 'port');
    assert.equal(fieldOf('tls', { host: 'a', servername: 'a b' }), 'servername');
  });

  it('gives heartbeats a grace period, one minute unless set', () => {
    assert.deepEqual(parseMonitorSpec('heartbeat', undefined), { graceMs: 60_000 });
    assert.deepEqual(parseMonitorSpec('heartbeat', { grace: '5m' }), { graceMs: 300_000 });
    assert.equal(fieldOf('heartbeat', { grace: 'soon' }), 'grace');
    assert.equal(fieldOf('heartbeat', { grace: '30d' }), 'grace');
    assert.equal(fieldOf('heartbeat', { url: 'http://a/' }), 'url');
  });

  it('turns a stored target back into the same input', () => {
    const inputs: [MonitorKind, Record<string, unknown>][] = [
      ['http', { url: 'http://a/', follow_redirects: false, verify_tls: true, method: 'HEAD' }],
      ['dns', { name: 'a.b', record_type: 'TXT', resolver: '::1' }],
      ['tls', { host: 'a', port: 443, servername: 'b' }],
      ['heartbeat', { grace: '2m' }],
    ];
    for (const [type, input] of inputs) {
      const spec = parseMonitorSpec(type, input) as unknown as Record<string, unknown>;
      assert.deepEqual(monitorSpecToInput(type, spec), input);
      assert.deepEqual(parseMonitorSpec(type, monitorSpecToInput(type, spec)), spec);
    }
  });
});
