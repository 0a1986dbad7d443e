// The certificate notice from a real check, on both backends: a TLS server whose certificate
// (made by openssl) expires in two days, checked by the probe's own check runner; the result as
// the probe reports it, stored and evaluated by the real evaluator, gives one
// `monitor.certificate_expiring` for the 3-day threshold with the certificate's expiry and issuer,
// delivered to the monitor's webhook; checking again gives no second one.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:tls';
import { evaluateOne } from '../../src/evaluator/evaluate-monitor.js';
import { monitoredComponent } from '../../src/evaluator/evaluator-test-support.js';
import {
  ANSWER_TIMEOUT_MS,
  closeServer,
  listen,
  makeCertificates,
  opensslMissing,
} from '../../src/probe/checkers/checker-test-support.js';
import { CheckRunner } from '../../src/probe/run-check.js';
import { CheckResultRepository } from '../../src/store/check-result-repository.js';
import { databaseBackends } from '../support/databases.js';
import { unavailable } from '../support/services.js';
import { notifierFixture, type NotifierFixture } from './notifier-support.js';

const noOpenssl = unavailable('openssl', opensslMissing());

for (const backend of await databaseBackends()) {
  describe(
    `certificate notice from a real TLS check on ${backend.name}`,
    { skip: backend.skip || noOpenssl },
    () => {
      let fixture: NotifierFixture;
      let server: Server;
      let port: number;
      let ca: string;
      before(async () => {
        fixture = await notifierFixture(backend);
        const certificates = makeCertificates();
        ca = certificates.ca;
        server = createServer(certificates.valid, (socket) => socket.end());
        port = await listen(server);
      });
      afterEach(() => fixture?.stopNotifiers());
      after(async () => {
        await fixture?.close();
        if (server) await closeServer(server);
      });

      it('announces the 3-day threshold once, with expiry and issuer', async () => {
        const { db } = fixture.database;
        const { monitorId } = await monitoredComponent(db, {
          settings: { regions: ['a'], failureThreshold: 1, successThreshold: 1, quorum: 1 },
        });
        const channel = await fixture.hookChannel('tls', '/tls', 'none');
        await fixture.services.routes.add({ channel_id: channel, monitor_id: monitorId });
        const runner = new CheckRunner();
        const checkOnce = async () => {
          const wire = await runner.run({
            id: monitorId,
            name: 'tls',
            type: 'tls',
            target: { host: '127.0.0.1', port, ca },
            interval_ms: 10_000,
            timeout_ms: ANSWER_TIMEOUT_MS,
            conditions: [],
            updated_at: new Date().toISOString(),
          });
          assert.equal(wire.error_message, null);
          await new CheckResultRepository(db).insertBatch([
            {
              id: wire.id,
              monitorId,
              region: 'a',
              checkedAt: new Date(wire.checked_at),
              passed: wire.passed,
              latencyMs: wire.latency_ms,
              errorClass: wire.error_class,
              errorMessage: wire.error_message,
              conditionResults: wire.condition_results,
              facts: wire.facts,
              timings: wire.timings,
            },
          ]);
          await evaluateOne(db, monitorId, new Date());
        };
        await checkOnce();
        await checkOnce();
        await fixture.startNotifier();
        await fixture.waitForDeliveries('the certificate notice', (rows) =>
          rows.some((r) => r.channel_id === channel && r.status === 'delivered'),
        );
        const bodies = fixture.receiver.requests('/tls').map(
          (r) =>
            JSON.parse(r.body) as {
              type: string;
              monitor: { certificate: Record<string, unknown> };
            },
        );
        assert.deepEqual(
          bodies.map((b) => b.type),
          ['monitor.certificate_expiring'],
        );
        const certificate = bodies[0]!.monitor.certificate;
        assert.equal(certificate.threshold_days, 3);
        assert.ok([1, 2].includes(certificate.days_left as number), String(certificate.days_left));
        assert.match(String(certificate.issuer), /VigilTestCA/);
        assert.match(String(certificate.subject), /CN=leaf/);
        assert.match(String(certificate.not_after), /^\d{4}-\d\d-\d\dT/);
      });
    },
  );
}
