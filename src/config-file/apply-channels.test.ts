// Applying and exporting channels and `notify` on PGlite and PostgreSQL: issue 5's file, secrets
// encrypted and kept when a file leaves them out, idempotence, exports that apply as no change,
// prune, and a refusal pointed at its line when no secret key is available.
import { randomBytes } from 'node:crypto';
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { applyText, ISSUE_CHANNELS } from '../../test/support/config-files.js';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { createServices, type Services } from '../services/index.js';
import { SecretBox } from '../services/secret-box.js';
import { loadState } from './apply.js';
import { ConfigFileError } from './config-file-error.js';
import { exportConfig } from './export.js';
import { formatPlan } from './plan.js';

for (const backend of await databaseBackends()) {
  describe(`config files with channels on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let services: Services;
    const apply = (text: string, extra: { prune?: boolean; dryRun?: boolean } = {}) =>
      applyText(database, text, { ...extra, channels: services.channels });

    before(async () => {
      database = await backend.create();
      const secretBox = SecretBox.withKey(randomBytes(32));
      services = createServices(database.db, { sessionTtlMs: 60_000, secretBox });
    });
    after(() => database.drop());

    const signature = async () => {
      const [channel] = await services.channels.listWithSecrets();
      return channel?.config?.secret;
    };

    it('applies the example of issue 5: an encrypted channel and the monitor’s route', async () => {
      const result = await apply(ISSUE_CHANNELS);
      assert.equal(
        formatPlan(result.steps),
        ['+ channel ops-hook', '+ monitor website', '~ notify website: notify [ops-hook]'].join(
          '\n',
        ),
      );
      const channel = (await services.channels.findByName('ops-hook'))!;
      assert.deepEqual(channel.config, { url: 'http://127.0.0.1:9000/hook' });
      assert.deepEqual(channel.secrets, { secret: true });
      const stored = await database.db
        .selectFrom('channels')
        .select('config')
        .executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(stored).includes('change-me'), 'the secret is stored encrypted');
      assert.equal(await signature(), 'change-me');
      const monitor = (await services.monitors.list()).find((m) => m.monitor.name === 'website')!;
      const routes = await services.routes.list({ monitorId: monitor.monitor.id });
      assert.deepEqual(
        routes.map((r) => [r.channel_id, r.event_kinds]),
        [[channel.id, []]],
      );
      assert.deepEqual(
        (await apply(ISSUE_CHANNELS)).steps,
        [],
        'applying it again changes nothing',
      );
    });

    it('exports channels without their secrets, and the export applies as no change', async () => {
      const exported = exportConfig(await loadState(database.db, services.channels));
      assert.match(
        exported,
        /channels:\n {2}- name: ops-hook\n {4}type: webhook\n {4}url: http:\/\/127\.0\.0\.1:9000\/hook\n/,
      );
      assert.match(exported, /notify:\n {6}- ops-hook/);
      assert.ok(!exported.includes('change-me'));
      assert.ok(!exported.includes('secret:'));
      assert.deepEqual((await apply(exported)).steps, []);
      assert.equal(await signature(), 'change-me', 'the secret the export leaves out is kept');
    });

    it('changes a setting and the secret, and drops notify when the file lists none', async () => {
      const moved = ISSUE_CHANNELS.replace('9000/hook', '9001/hook').replace(
        'change-me',
        'new-secret',
      );
      const result = await apply(moved);
      assert.equal(formatPlan(result.steps), '~ channel ops-hook: url, secret');
      assert.equal(await signature(), 'new-secret');
      const silent = moved.replace('    notify: [ops-hook]\n', '');
      assert.equal(formatPlan((await apply(silent)).steps), '~ notify website: notify []');
      const monitor = (await services.monitors.list()).find((m) => m.monitor.name === 'website')!;
      assert.deepEqual(await services.routes.list({ monitorId: monitor.monitor.id }), []);
      // A file without a channels section leaves notifications alone.
      await apply(moved);
      const monitorsOnly = moved
        .slice(moved.indexOf('monitors:'))
        .replace('    notify: [ops-hook]\n', '');
      assert.deepEqual((await apply(monitorsOnly)).steps, []);
      assert.equal((await services.routes.list({ monitorId: monitor.monitor.id })).length, 1);
    });

    it('applies, exports and changes a reminder interval on a notify entry', async () => {
      const reminding = ISSUE_CHANNELS.replace(
        'notify: [ops-hook]',
        'notify: [{channel: ops-hook, remind_every: 30m}]',
      );
      const result = await apply(reminding);
      assert.equal(
        formatPlan(result.steps.filter((step) => step.kind === 'notify')),
        '~ notify website: notify [ops-hook (remind every 30m)]',
      );
      const monitor = (await services.monitors.list()).find((m) => m.monitor.name === 'website')!;
      const minutes = async () =>
        (await services.routes.list({ monitorId: monitor.monitor.id })).map(
          (r) => r.remind_every_minutes,
        );
      assert.deepEqual(await minutes(), [30]);
      assert.deepEqual((await apply(reminding)).steps, [], 'applying it again changes nothing');
      const exported = exportConfig(await loadState(database.db, services.channels));
      assert.match(exported, /notify:\n {6}- channel: ops-hook\n {8}remind_every: 30m\n/);
      assert.deepEqual((await apply(exported)).steps, [], 'the export applies as no change');
      await apply(reminding.replace('30m', '2h'));
      assert.deepEqual(await minutes(), [120]);
      await apply(ISSUE_CHANNELS);
      assert.deepEqual(await minutes(), [null], 'the plain form means no reminders');
    });

    it('deletes channels the file leaves out with --prune, and only then', async () => {
      const other = `channels:\n  - { name: spare, type: webhook, url: "http://127.0.0.1:9/spare" }\n`;
      await apply(`${other.trimEnd()}\n${ISSUE_CHANNELS.slice('channels:\n'.length)}`);
      assert.equal((await services.channels.list()).length, 2);
      assert.deepEqual((await apply(ISSUE_CHANNELS)).steps, []);
      const pruned = await apply(ISSUE_CHANNELS, { prune: true });
      assert.equal(formatPlan(pruned.steps), '- channel spare');
      assert.deepEqual(
        (await services.channels.list()).map((c) => c.name),
        ['ops-hook'],
      );
    });

    it('without a secret key, refuses a secret at its line and writes nothing', async () => {
      const keyless = createServices(database.db, {
        sessionTtlMs: 60_000,
        secretBox: SecretBox.without('VIGIL_SECRET_KEY is not set'),
      });
      const text = ISSUE_CHANNELS.replace('ops-hook', 'ops-hook-2').replace(
        '[ops-hook]',
        '[ops-hook-2]',
      );
      await assert.rejects(
        applyText(database, text, { channels: keyless.channels }),
        (error: unknown) =>
          error instanceof ConfigFileError &&
          error.problems.length === 1 &&
          error.problems[0]!.line === 5 &&
          /creating channel ops-hook-2: cannot store or read config\.secret: VIGIL_SECRET_KEY is not set/.test(
            error.problems[0]!.message,
          ),
      );
      assert.equal(await services.channels.findByName('ops-hook-2'), undefined);
    });
  });
}
