// Applying and exporting configuration files against a real database (PGlite and PostgreSQL).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { createServices, type Services } from '../services/index.js';
import { applyText } from '../../test/support/config-files.js';
import { loadState } from './apply.js';
import { ConfigFileError } from './config-file-error.js';
import { exportConfig } from './export.js';

const EXAMPLE = readFileSync('examples/vigil.yaml', 'utf8');
const apply = applyText;

/** Every row's identity and updated_at, to prove that nothing was written. */
async function fingerprint(database: TestDatabase): Promise<string> {
  const rows = await Promise.all(
    (['pages', 'component_groups', 'components'] as const).map((table) =>
      database.db.selectFrom(table).select(['id', 'updated_at']).orderBy('id').execute(),
    ),
  );
  return JSON.stringify(rows);
}

for (const backend of await databaseBackends()) {
  describe(`config apply and export on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let services: Services;
    before(async () => {
      database = await backend.create();
      services = createServices(database.db, { sessionTtlMs: 60_000 });
    });
    after(() => database?.drop());

    it('creates the pages, groups and components of the example, in file order', async () => {
      const result = await apply(database, EXAMPLE);
      assert.equal(result.written, true);
      const pages = await services.pages.listPages();
      const acme = pages.find((p) => p.slug === 'acme')!;
      const internal = pages.find((p) => p.slug === 'internal')!;
      assert.deepEqual(
        [
          acme.name,
          acme.is_default,
          acme.time_zone,
          acme.url,
          internal.is_private,
          internal.is_default,
        ],
        ['Acme Cloud', true, 'Europe/Paris', 'https://www.example.com/', true, false],
      );
      const groups = await services.pages.listGroups(acme.id);
      assert.deepEqual(
        groups.map((g) => [g.name, g.position]),
        [
          ['Core platform', 0],
          ['Data', 1],
        ],
      );
      const components = await services.pages.listComponents(acme.id);
      const core = components.filter((c) => c.group_id === groups[0]!.id);
      assert.deepEqual(
        core.map((c) => [c.name, c.position, c.start_date]),
        [
          ['API', 0, null],
          ['Dashboard', 1, null],
          ['Authentication', 2, '2023-06-01'],
        ],
      );
      const loose = components.filter((c) => c.group_id === null);
      assert.deepEqual(
        loose.map((c) => c.name),
        ['Status notifications'],
      );
      assert.equal(components.find((c) => c.name === 'Backups')?.only_show_if_degraded, true);
      const wifi = (await services.pages.listComponents(internal.id)).find(
        (c) => c.name === 'Wi-Fi',
      );
      assert.equal(wifi?.showcase, false);
    });

    it('writes nothing when the same file is applied again', async () => {
      const before = await fingerprint(database);
      const result = await apply(database, EXAMPLE);
      assert.deepEqual(result.steps, []);
      assert.equal(result.written, false);
      assert.equal(await fingerprint(database), before);
    });

    it('re-applies its own export as a no-op, even with positions made elsewhere', async () => {
      const acme = (await services.pages.listPages()).find((p) => p.slug === 'acme')!;
      // The admin UI and the API allow gaps and ties in positions; an export must still round-trip.
      const group = await services.pages.createGroup(acme.id, { name: 'Edge', position: 7 });
      await services.pages.createComponent(acme.id, {
        name: 'CDN',
        group_id: group.id,
        position: 5,
      });
      await services.pages.createComponent(acme.id, {
        name: 'DNS',
        group_id: group.id,
        position: 5,
      });
      await services.pages.createComponent(acme.id, {
        name: 'WAF',
        group_id: group.id,
        position: 2,
      });
      const exported = exportConfig(await loadState(database.db));
      const before = await fingerprint(database);
      const result = await apply(database, exported);
      assert.deepEqual(result.steps, []);
      assert.equal(await fingerprint(database), before);
      assert.match(exported, /- name: Edge\n\s+components:\n\s+- name: WAF\n/);
    });

    it('prints a plan without writing on a dry run', async () => {
      const before = await fingerprint(database);
      const changed = EXAMPLE.replace('name: Acme Cloud', 'name: Acme Cloud Platform');
      const result = await apply(database, changed, { dryRun: true });
      assert.deepEqual(
        result.steps.map((s) => `${s.op} ${s.kind} ${s.label}`),
        ['update page acme'],
      );
      assert.equal(result.written, false);
      assert.equal(await fingerprint(database), before);
    });

    it('deletes what the file leaves out only with prune', async () => {
      const result = await apply(database, EXAMPLE, { prune: true });
      assert.deepEqual(
        result.steps.map((s) => `${s.op} ${s.kind} ${s.label}`).sort(),
        [
          'delete component acme/Edge/CDN',
          'delete component acme/Edge/DNS',
          'delete component acme/Edge/WAF',
          'delete group acme/Edge',
        ].sort(),
      );
      assert.deepEqual((await apply(database, EXAMPLE, { prune: true })).steps, []);
    });

    it('writes nothing when a service refuses a change half-way, and points at its line', async () => {
      // A rule only the database knows (here a test-only index), met after earlier steps succeeded.
      await sql`CREATE UNIQUE INDEX test_unique_description ON components (page_id, description) WHERE description <> ''`.execute(
        database.db,
      );
      const before = await fingerprint(database);
      const text = `${EXAMPLE}
  - slug: late
    name: Late page
    components:
      - name: One
        description: same
      - name: Two
        description: same
`;
      const line = text.split('\n').findIndex((l) => l.includes('name: Two')) + 1;
      await assert.rejects(apply(database, text), (error: unknown) => {
        assert.ok(error instanceof ConfigFileError);
        assert.equal(error.problems[0]!.line, line);
        assert.equal(error.problems[0]!.column, 15);
        assert.match(
          error.message,
          new RegExp(`^vigil.yaml:${line}:15: creating component late/Two: `),
        );
        return true;
      });
      assert.equal(await fingerprint(database), before);
      assert.equal(
        (await services.pages.listPages()).some((p) => p.slug === 'late'),
        false,
      );
      await sql`DROP INDEX test_unique_description`.execute(database.db);
    });
  });
}
