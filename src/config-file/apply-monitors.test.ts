// Applying and exporting monitors and their links to components, on PGlite and PostgreSQL: the
// issue's file, idempotence, plans, nothing written on error, prune, heartbeats and round trips.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { applyText, ISSUE_MONITORS } from '../../test/support/config-files.js';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { MonitorService } from '../services/monitor-service.js';
import type { ComponentMonitoringTables } from '../store/schema.js';
import { applyConfigText, loadState } from './apply.js';
import { ConfigFileError } from './config-file-error.js';
import { exportConfig } from './export.js';
import { formatPlan } from './plan.js';

const apply = applyText;

/** Every monitor, link and component row with its updated_at: equal means nothing was written. */
async function monitoringFingerprint(database: TestDatabase): Promise<string> {
  const db = database.db;
  return JSON.stringify([
    await db.selectFrom('monitors').selectAll().orderBy('id').execute(),
    await db
      .selectFrom('monitor_components')
      .selectAll()
      .orderBy(['monitor_id', 'component_id'])
      .execute(),
    await db
      .withTables<ComponentMonitoringTables>()
      .selectFrom('components')
      .select(['id', 'name', 'updated_at', 'auto_incident'])
      .orderBy('id')
      .execute(),
  ]);
}

const MORE = `${ISSUE_MONITORS.replace(
  'pages:',
  `  - name: db
    type: tcp
    host: 127.0.0.1
    port: 5432
  - name: cron
    type: heartbeat
    interval: 1h
    grace: 5m
  - name: resolve
    type: dns
    query: example.com
    record_type: TXT
  - name: cert
    type: tls
    host: example.com
    certificate_expiry_days: [7, 30]
    conditions: ["cert.expires_in > 14d"]
pages:`,
)}          - name: Database
            monitors: [db, website]
            auto_incident: true
`;

for (const backend of await databaseBackends()) {
  describe(`config apply and export of monitors on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let monitors: MonitorService;
    before(async () => {
      database = await backend.create();
      monitors = new MonitorService(database.db);
    });
    after(() => database?.drop());

    it('applies the file of the issue: the monitor, its settings and its component', async () => {
      const result = await apply(database, ISSUE_MONITORS);
      assert.equal(
        formatPlan(result.steps),
        [
          '+ monitor website',
          '+ page main',
          '+ group main/Core',
          '+ component main/Core/Website',
        ].join('\n'),
      );
      const [website] = await monitors.list();
      assert.deepEqual(
        [
          website!.monitor.name,
          website!.monitor.type,
          website!.monitor.spec,
          website!.monitor.conditions,
        ],
        [
          'website',
          'http',
          { url: 'http://127.0.0.1:8080/health' },
          ['status == 200', 'latency < 500ms'],
        ],
      );
      assert.deepEqual(
        [website!.monitor.settings.intervalMs, website!.monitor.settings.regions],
        [10_000, ['local']],
      );
      const state = await loadState(database.db);
      const component = state.pages[0]!.components[0]!;
      assert.deepEqual(website!.componentIds, [component.id]);
      assert.deepEqual(result.heartbeats, []);
    });

    it('changes nothing when the same file is applied again', async () => {
      const before = await monitoringFingerprint(database);
      const result = await apply(database, ISSUE_MONITORS);
      assert.deepEqual(result.steps, []);
      assert.equal(result.written, false);
      assert.equal(await monitoringFingerprint(database), before);
    });

    it('plans only what differs, naming the fields', async () => {
      const changed = ISSUE_MONITORS.replace('interval: 10s', 'interval: 30s').replace(
        'monitors: [website]',
        'monitors: []\n            auto_incident: true',
      );
      const result = await apply(database, changed, { dryRun: true });
      assert.equal(
        formatPlan(result.steps),
        // The timeout follows the interval when the file leaves it out (half of 10s, then 10s).
        [
          '~ monitor website: interval, timeout',
          '~ component main/Core/Website: monitors, auto_incident',
        ].join('\n'),
      );
    });

    it('writes nothing when any part of the file is wrong, and points at it', async () => {
      const before = await monitoringFingerprint(database);
      const text = MORE.replace('"cert.expires_in > 14d"', '"cert.expires_in > 14 d"');
      const line = text.split('\n').findIndex((l) => l.includes('14 d')) + 1;
      await assert.rejects(apply(database, text), (error: unknown) => {
        assert.ok(error instanceof ConfigFileError);
        assert.deepEqual(
          error.problems.map((p) => [p.line, p.column]),
          [[line, text.split('\n')[line - 1]!.indexOf(' d"') + 2]],
        );
        return true;
      });
      // A change the file allows but the service refuses (the type of an existing monitor).
      const retyped = MORE.replace('type: http', 'type: tcp\n    host: a\n    port: 1').replace(
        '    url: http://127.0.0.1:8080/health\n',
        '',
      );
      await assert.rejects(apply(database, retyped), (error: unknown) => {
        assert.ok(error instanceof ConfigFileError);
        assert.match(
          error.message,
          /^vigil\.yaml:3:11: updating monitor website: type cannot change/,
        );
        return true;
      });
      assert.equal(await monitoringFingerprint(database), before);
    });

    it('creates every type, prints heartbeat push paths once, and links several monitors', async () => {
      const result = await apply(database, MORE);
      assert.deepEqual(
        result.steps.map((s) => `${s.op} ${s.kind} ${s.label}`),
        [
          'create monitor db',
          'create monitor cron',
          'create monitor resolve',
          'create monitor cert',
          'create component main/Core/Database',
        ],
      );
      assert.equal(result.heartbeats.length, 1);
      assert.equal(result.heartbeats[0]!.monitor, 'cron');
      assert.match(result.heartbeats[0]!.path, /^\/api\/v1\/heartbeat\/\S{20,}$/);
      const state = await loadState(database.db);
      const database_ = state.pages[0]!.components.find((c) => c.name === 'Database')!;
      assert.deepEqual(
        state.monitors.filter((m) => m.componentIds.includes(database_.id)).map((m) => m.row.name),
        ['db', 'website'],
      );
      assert.equal(state.autoIncident.has(database_.id), true);
      const cert = state.monitors.find((m) => m.row.name === 'cert')!;
      assert.deepEqual(cert.row.settings.certificateExpiryDays, [30, 7]);
      assert.deepEqual((await apply(database, MORE)).steps, []);
      const days = (list: string) => MORE.replace('[7, 30]', list);
      assert.equal(
        formatPlan((await apply(database, days('[30, 14, 1]'), { dryRun: true })).steps),
        '~ monitor cert: certificate_expiry_days',
      );
      assert.deepEqual((await apply(database, days('[30, 7]'))).steps, [], 'order does not matter');
    });

    it('leaves undeclared monitors alone, and deletes them with --prune', async () => {
      const before = await monitoringFingerprint(database);
      // No `monitors` section: even --prune keeps every monitor.
      const pagesOnly = 'pages:\n  - slug: main\n    name: Example Inc.\n';
      const steps = (await apply(database, pagesOnly, { dryRun: true, prune: true })).steps;
      assert.deepEqual(
        steps.filter((s) => s.kind === 'monitor'),
        [],
      );
      const result = await apply(database, MORE.replace(/ {2}- name: cron\n[^]*?grace: 5m\n/, ''), {
        dryRun: true,
        prune: true,
      });
      assert.deepEqual(formatPlan(result.steps), '- monitor cron');
      assert.equal(await monitoringFingerprint(database), before);
    });

    it('exports monitors flat, and the export reproduces the state on a fresh database', async () => {
      const exported = exportConfig(await loadState(database.db));
      assert.match(
        exported,
        /^monitors:\n {2}- name: cert\n {4}type: tls\n {4}host: example\.com\n {4}certificate_expiry_days:\n {6}- 30\n {6}- 7\n {4}conditions:\n/m,
      );
      assert.match(
        exported,
        /- name: resolve\n {4}type: dns\n {4}query: example\.com\n {4}record_type: TXT\n/,
      );
      assert.match(
        exported,
        /- name: website\n {4}type: http\n {4}url: http:\/\/127\.0\.0\.1:8080\/health\n {4}interval: 10s\n {4}failure_threshold: 2\n {4}success_threshold: 1\n/,
      );
      assert.match(
        exported,
        /- name: Database\n {12}monitors:\n {14}- db\n {14}- website\n {12}auto_incident: true\n/,
      );
      assert.deepEqual((await apply(database, exported)).steps, []);
      const fresh = await backend.create();
      try {
        const result = await applyConfigText(fresh.db, exported, {
          file: 'export.yaml',
          dryRun: false,
          prune: false,
          prunePages: false,
        });
        assert.equal(result.heartbeats.length, 1);
        assert.equal(exportConfig(await loadState(fresh.db)), exported);
      } finally {
        await fresh.drop();
      }
    });
  });
}
