// Certificate expiry notices on both backends: check results carrying the certificate a probe
// saw (facts.certificate, as probe/checkers/timed-socket.ts reports it) make the real evaluator
// write one `monitor.certificate_expiring` per threshold crossed — none twice, however many checks
// see the same certificate — and a renewed certificate starts afresh; the webhook receives the
// expiry date, subject, issuer and days left. A monitor's own `certificate_expiry_days` replace
// the default thresholds; an empty list means no notices.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { evaluateOne } from '../../src/evaluator/evaluate-monitor.js';
import { T0, monitoredComponent } from '../../src/evaluator/evaluator-test-support.js';
import { CheckResultRepository } from '../../src/store/check-result-repository.js';
import type { Database } from '../../src/store/schema.js';
import { databaseBackends } from '../support/databases.js';
import { notifierFixture, type NotifierFixture } from './notifier-support.js';

const DAY = 86_400_000;
const NOT_AFTER = new Date(T0.getTime() + 20 * DAY);
const RENEWED = new Date(T0.getTime() + 110 * DAY);
const SETTINGS = { regions: ['a'], failureThreshold: 1, successThreshold: 1, quorum: 1 };

let sequence = 0;

/** One passed check, `dayOffset` days after T0, that saw a certificate expiring at `notAfter`. */
async function check(db: Kysely<Database>, monitorId: string, dayOffset: number, notAfter: Date) {
  const checkedAt = new Date(T0.getTime() + dayOffset * DAY);
  await new CheckResultRepository(db).insertBatch([
    {
      id: `cert-${(sequence += 1)}`,
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
}

/** The certificate part of every notice written for the monitor, in order. */
async function notices(db: Kysely<Database>, monitorId: string) {
  const rows = await db
    .selectFrom('outbox')
    .select('payload')
    .where('kind', '=', 'monitor.certificate_expiring')
    .orderBy('id')
    .execute();
  type Payload = { monitor_id: string; certificate: { threshold_days: number; days_left: number } };
  return rows
    .map((row) => row.payload as Payload)
    .filter((payload) => payload.monitor_id === monitorId)
    .map((payload) => payload.certificate);
}

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
      const { monitorId } = await monitoredComponent(db, { settings: SETTINGS });
      const channelId = await fixture.hookChannel('certs', '/certs', 'none');
      await fixture.services.routes.add({ channel_id: channelId, monitor_id: monitorId });

      for (const day of [0, 1, 6, 7, 13, 14, 90])
        await check(db, monitorId, day, day < 90 ? NOT_AFTER : RENEWED);
      assert.deepEqual(
        (await notices(db, monitorId)).map((c) => c.threshold_days),
        [14, 7],
        '20 days: none; 14 and 13 days left: one for 14; 7 left: one for 7; 6: none',
      );
      await check(db, monitorId, 91, RENEWED);
      await check(db, monitorId, 96, RENEWED); // 14 days left on the renewed certificate
      assert.deepEqual(
        (await notices(db, monitorId)).map((c) => c.threshold_days),
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

    it("announces at the monitor's own days, and not at all with none", async () => {
      const { db } = fixture.database;
      const expires = new Date(T0.getTime() + 45 * DAY);
      const custom = await monitoredComponent(db, {
        settings: { ...SETTINGS, certificateExpiryDays: [30, 10] },
      });
      const silent = await monitoredComponent(db, {
        settings: { ...SETTINGS, certificateExpiryDays: [] },
      });
      // 45, 30, 25, 14 (a default threshold), 10 and 7 days left.
      for (const day of [0, 15, 20, 31, 35, 38]) {
        await check(db, custom.monitorId, day, expires);
        await check(db, silent.monitorId, day, expires);
      }
      assert.deepEqual(await notices(db, custom.monitorId), [
        {
          not_after: expires.toISOString(),
          subject: 'CN=example.com',
          issuer: 'CN=Test CA',
          days_left: 30,
          threshold_days: 30,
        },
        {
          not_after: expires.toISOString(),
          subject: 'CN=example.com',
          issuer: 'CN=Test CA',
          days_left: 10,
          threshold_days: 10,
        },
      ]);
      assert.deepEqual(await notices(db, silent.monitorId), []);
    });
  });
}
