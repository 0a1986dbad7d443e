// What a user does with `vigil config`, `vigil api-key` and `vigil user` against one database,
// checked through the real command line; run on the embedded database and on PostgreSQL.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Services } from '../../src/services/index.js';
import type { Database } from '../../src/store/schema.js';
import { vigil } from './cli-support.js';

export interface ScenarioDatabase {
  env: Record<string, string>;
  /** Opens the database in the test process (only while no vigil process has it open). */
  inspect<T>(look: (db: Kysely<Database>, services: Services) => Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

const EXAMPLE = 'examples/vigil.yaml';

export async function fingerprint(db: Kysely<Database>): Promise<string> {
  const rows = await Promise.all(
    (['pages', 'component_groups', 'components', 'monitors'] as const).map((table) =>
      db.selectFrom(table).select(['id', 'name', 'updated_at']).orderBy('id').execute(),
    ),
  );
  const links = await db
    .selectFrom('monitor_components')
    .selectAll()
    .orderBy('component_id')
    .execute();
  return JSON.stringify([rows, links]);
}

export function configScenario(setup: () => Promise<ScenarioDatabase>): void {
  let database: ScenarioDatabase;
  let files: string;
  let applied: string;
  const inspectWith = (look: (services: Services, db: Kysely<Database>) => Promise<unknown>) =>
    database.inspect((db, services) => look(services, db));

  before(async () => {
    database = await setup();
    files = mkdtempSync(join(tmpdir(), 'vigil-cli-files-'));
  });
  after(async () => {
    await database?.cleanup();
    rmSync(files, { recursive: true, force: true });
  });

  it('applies examples/vigil.yaml, printing the plan', async () => {
    const result = await vigil(['config', 'apply', EXAMPLE], database.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^\+ monitor vigil-web\n\+ monitor vigil-port\n\+ page acme\n\+ group acme\/Core platform\n/,
    );
    assert.match(result.stdout, /\n\+ component acme\/Core platform\/API\n/);
    assert.match(
      result.stdout,
      /\nApplied examples\/vigil\.yaml: 19 created, 0 updated, 0 deleted\.\n$/,
    );
    applied = (await database.inspect(async (db, services) => {
      const pages = await services.pages.listPages();
      const acme = pages.find((p) => p.slug === 'acme');
      assert.equal(acme?.is_default, true);
      assert.equal(pages.find((p) => p.slug === 'internal')?.is_private, true);
      const components = await services.pages.listComponents(acme.id);
      assert.equal(components.length, 7);
      const monitors = await services.monitors.list();
      const dashboard = components.find((c) => c.name === 'Dashboard')!;
      assert.deepEqual(
        monitors.filter((m) => m.componentIds.includes(dashboard.id)).map((m) => m.monitor.name),
        ['vigil-port', 'vigil-web'],
      );
      return fingerprint(db);
    }))!;
  });

  it('says "no changes" and writes nothing when the same file is applied again', async () => {
    const result = await vigil(['config', 'apply', EXAMPLE], database.env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'No changes: the database already matches examples/vigil.yaml.\n');
    assert.equal(await database.inspect(fingerprint), applied);
  });

  it('refuses files with errors, printing each at its line and column, and changes nothing', async () => {
    const syntax = join(files, 'syntax.yaml');
    writeFileSync(syntax, 'pages:\n  - slug: main\n    name: [oops\n    x: 1\n');
    const structure = join(files, 'structure.yaml');
    writeFileSync(
      structure,
      'pages:\n  - slug: acme\n    name: Renamed\n    colour: red\n    private: "no"\n    components:\n      - name: API\n      - name: API\n',
    );
    // Valid YAML and structure; the mistake is a value in the middle, after changes that would be valid.
    const value = join(files, 'value.yaml');
    writeFileSync(
      value,
      `${readFileSync(EXAMPLE, 'utf8').replace('name: Acme Cloud\n', 'name: Acme Cloud renamed\n')}\n  - slug: third\n    name: Third\n    time_zone: Mars/Olympus\n`,
    );
    const valueLine =
      readFileSync(value, 'utf8').split('\n').indexOf('    time_zone: Mars/Olympus') + 1;
    // A condition the parser refuses, reported at its column inside the string.
    const condition = join(files, 'condition.yaml');
    writeFileSync(
      condition,
      readFileSync(EXAMPLE, 'utf8').replace("'latency < 500ms'", "'latency < 500 ms'"),
    );
    const conditionLine = readFileSync(condition, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('500 ms'));
    const conditionColumn =
      readFileSync(condition, 'utf8').split('\n')[conditionLine]!.indexOf(' ms') + 2;

    const results = await Promise.all(
      [syntax, structure, value, condition].map((file) =>
        vigil(['config', 'apply', file], database.env),
      ),
    );
    for (const result of results) {
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, '');
    }
    assert.equal(
      results[0]!.stderr,
      `${syntax}:4:5: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]\n` +
        `vigil: 1 error in ${syntax}; nothing was changed\n`,
    );
    assert.deepEqual(results[1]!.stderr.split('\n'), [
      `${structure}:4:5: unknown key "colour" in a page; expected one of: slug, name, description, url, time_zone, private, default, groups, components`,
      `${structure}:5:14: "private" in page "acme" must be a boolean, got a string`,
      `${structure}:8:15: duplicate component name on page "acme": "API" is already declared at line 7, column 15`,
      `vigil: 3 errors in ${structure}; nothing was changed`,
      '',
    ]);
    assert.equal(
      results[2]!.stderr,
      `${value}:${valueLine}:16: time_zone must be an IANA time zone such as Etc/UTC or Europe/Paris\n` +
        `vigil: 1 error in ${value}; nothing was changed\n`,
    );
    assert.match(
      results[3]!.stderr,
      new RegExp(
        `^${condition}:${conditionLine + 1}:${conditionColumn}: condition 2 of monitor "vigil-web": `,
      ),
    );
    assert.equal(await database.inspect(fingerprint), applied);
  });

  it('prints the push path of a heartbeat monitor it creates, once', async () => {
    const heartbeat = join(files, 'heartbeat.yaml');
    writeFileSync(
      heartbeat,
      'monitors:\n  - name: nightly\n    type: heartbeat\n    interval: 1d\n',
    );
    const first = await vigil(['config', 'apply', heartbeat], database.env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      /^\+ monitor nightly\nApplied .*: 1 created, 0 updated, 0 deleted\.\nHeartbeat monitor nightly: push to \/api\/v1\/heartbeat\/\S+ /,
    );
    const again = await vigil(['config', 'apply', heartbeat], database.env);
    assert.equal(again.stdout, `No changes: the database already matches ${heartbeat}.\n`);
    const pruned = await vigil(['config', 'apply', EXAMPLE, '--prune'], database.env);
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.equal(
      pruned.stdout,
      `- monitor nightly\nApplied ${EXAMPLE}: 0 created, 0 updated, 1 deleted.\n`,
    );
    assert.equal(await database.inspect(fingerprint), applied);
  });

  it('exports the current state in a file that re-applies as a no-op', async () => {
    const output = join(files, 'export.yaml');
    const exported = await vigil(['config', 'export', '--output', output], database.env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(
      exported.stderr,
      `Exported 2 monitors, 2 pages, 4 groups and 11 components to ${output}.\n`,
    );
    const text = readFileSync(output, 'utf8');
    assert.match(text, /^pages:\n {2}- slug: acme\n {4}name: Acme Cloud\n {4}default: true\n/m);
    const reapplied = await vigil(['config', 'apply', output], database.env);
    assert.equal(reapplied.code, 0, reapplied.stderr);
    assert.equal(reapplied.stdout, `No changes: the database already matches ${output}.\n`);
    assert.equal(await database.inspect(fingerprint), applied);
  });

  it('creates an API key printed alone on stdout, which the API key service accepts', async () => {
    const result = await vigil(
      ['api-key', 'create', '--name', 'deploy', '--scope', 'write'],
      database.env,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^vgl_[A-Za-z0-9_-]+\n$/);
    assert.match(result.stderr, /^Created API key \S+ "deploy" with write scope\./);
    const key = await inspectWith((services) =>
      services.apiKeys.authenticate(result.stdout.trim()),
    );
    assert.equal((key as { scope: string } | undefined)?.scope, 'write');
  });

  it('creates an admin with a password read from a file, never from the command line', async () => {
    const passwordFile = join(files, 'password');
    writeFileSync(passwordFile, 'a long enough password\n');
    const created = await vigil(
      ['user', 'create', '--email', 'Ops@Example.com', '--password-file', passwordFile],
      database.env,
    );
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^Created admin ops@example\.com \(id \S+\)\.\n$/);
    const user = await inspectWith((services) =>
      services.auth.verifyLogin('ops@example.com', 'a long enough password'),
    );
    assert.equal((user as { email: string }).email, 'ops@example.com');
    const again = await vigil(
      ['user', 'create', '--email', 'ops@example.com', '--password-file', passwordFile],
      database.env,
    );
    assert.equal(again.code, 2);
    assert.equal(again.stderr, 'vigil: a user with e-mail ops@example.com exists\n');
  });
}
