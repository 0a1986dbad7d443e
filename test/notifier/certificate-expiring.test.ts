// Certificate expiry notices on both backends: check results carrying the certificate a probe
// saw (facts.certificate, as probe/checkers/timed-socket.ts reports it) make the real evaluator
// write one `monitor.certificate_expiring` per threshold crossed — none twice, however many checks
// see the same certificate — and a renewed certificate starts afresh; the webhook receives the
// expiry date, subject, issuer and days left.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateOne } from '../../src/evaluator/evaluate-monitor.js';
import { T0, monitoredComponent } from '../../src/evaluator/evaluator-test-support.js';
import { CheckResultRepository } from '../../src/store/check-result-repository.js';
import { databaseBackends } from '../support/databases.js';
import { notifierFixture, type NotifierFixture } from './notifier-support.js';

const DAY = 86_400_000;
const NOT_AFTER = new Date(T0.getTime() + 20 * DAY);
const RENEWED = new Date(T0.getTime() + 110 * DAY);

for (const backend of await databaseBackends()) {
  describe(`certificate expiring on ${backend.name}`, { skip: backend.skip }, () => {
    let fixture: NotifierFixture;
    before(async () => {
      fixture = await notifierFixture(backend);
    });
    afterEach(() => fixture?.stopNotifiers());
    after(() => fixture?.close());

    it('announces each threshold once per certificate and starts afresh when renewed', async () => {
      const { db } = fixture.database;
      const { monitorId } = await monitoredComponent(db, {
        settings: { regions: ['a'], failureThreshold: 1, successThreshold: 1, quorum: 1 },
      });
      const channelId = await fixture.hookChannel('certs', '/certs', 'none');
      await fixture.services.routes.add({ channel_id: channelId, monitor_id: monitorId });
      let n = 0;
      const check = async (dayOffset: number, notAfter: Date) => {
        const checkedAt = new Date(T0.getTime() + dayOffset * DAY);
        await new CheckResultRepository(db).insertBatch([
          {
            id: `cert-${(n += 1)}`,
            monitorId,
            region: 'a',
            checkedAt,
            passed: true,
            latencyMs: 30,
            facts: {
              status: 200,
              cert: { valid: true, expires_in: notAfter.getTime() - checkedAt.getTime() },
              certificate: {
                subject: 'CN=example.com',
                issuer: 'CN=Test CA',
                validTo: notAfter.toISOString(),
              },
            },
          },
        ]);
        await evaluateOne(db, monitorId, checkedAt);
      };
      const notices = async () =>
        (
          await db
            .selectFrom('outbox')
            .select('payload')
            .where('kind', '=', 'monitor.certificate_expiring')
            .orderBy('id')
            .execute()
        ).map((row) => (row.payload as { certificate: { threshold_days: number } }).certificate);

      for (const day of [0, 1, 6, 7, 13, 14, 90]) await check(day, day < 90 ? NOT_AFTER : RENEWED);
      assert.deepEqual(
        (await notices()).map((c) => c.threshold_days),
        [14, 7],
        '20 days: none; 14 and 13 days left: one for 14; 7 left: one for 7; 6: none',
      );
      await check(91, RENEWED);
      await check(96, RENEWED); // 14 days left on the renewed certificate
      assert.deepEqual(
        (await notices()).map((c) => c.threshold_days),
        [14, 7, 14],
      );

      await fixture.startNotifier();
      await fixture.waitForDeliveries(
        'three notices',
        (rows) => rows.filter((r) => r.status === 'delivered').length === 3,
      );
      const bodies = fixture.receiver
        .requests('/certs')
        .map(
          (r) =>
            JSON.parse(r.body) as { id: string; type: string; monitor: Record<string, unknown> },
        );
      assert.deepEqual([...new Set(bodies.map((b) => b.type))], ['monitor.certificate_expiring']);
      assert.equal(new Set(bodies.map((b) => b.id)).size, 3);
      const seven = bodies.find(
        (b) => (b.monitor.certificate as { threshold_days: number }).threshold_days === 7,
      )!;
      assert.deepEqual(seven.monitor.certificate, {
        not_after: NOT_AFTER.toISOString(),
        subject: 'CN=example.com',
        issuer: 'CN=Test CA',
        days_left: 7,
        threshold_days: 7,
      });
    });
  });
}
