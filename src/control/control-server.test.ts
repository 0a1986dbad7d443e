// The control socket: private to its user, runs the shared command implementations in the server's
// process, and returns errors in the shape the CLI prints the same way as when it runs them itself.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { ConfigFileError } from '../config-file/config-file-error.js';
import { VigilError } from '../domain/errors.js';
import { createServices } from '../services/index.js';
import { CONTROL_COMMANDS } from './commands/index.js';
import { callControlServer } from './control-client.js';
import { startControlServer, type ControlServer } from './control-server.js';

const [pglite] = await databaseBackends();

describe('control socket', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ctl-'));
  const socketPath = join(dir, 'vigil.sock');
  let database: TestDatabase;
  let server: ControlServer;
  const context = () => ({
    db: database.db,
    services: createServices(database.db, { sessionTtlMs: 60_000 }),
  });

  before(async () => {
    database = await pglite!.create();
    writeFileSync(socketPath, 'left over by a crashed server');
    server = await startControlServer({
      socketPath,
      context: context(),
      logger: pino({ level: 'silent' }),
    });
  });
  after(async () => {
    await server?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replaces a stale socket file and is readable and writable by its owner only', () => {
    const stat = statSync(socketPath);
    assert.ok(stat.isSocket());
    assert.equal(stat.mode & 0o777, 0o600);
  });

  it('prints exactly what the command prints when run in the CLI’s own process', async () => {
    const text = 'pages:\n  - slug: main\n    name: Main\n';
    const args = { file: 'x.yaml', text, dryRun: true };
    const remote = await callControlServer(socketPath, 'config.apply', args);
    const command = CONTROL_COMMANDS['config.apply']!;
    const local = await command.run(context(), command.parse(args));
    assert.deepEqual(remote, { ran: true, output: local });
    assert.equal(
      local.stdout,
      '+ page main\nDry run: 1 to create, 0 to update, 0 to delete; nothing was written.\n',
    );
  });

  it('returns file errors with their positions, and service errors with their code', async () => {
    await assert.rejects(
      callControlServer(socketPath, 'config.apply', {
        file: 'bad.yaml',
        text: 'pages:\n  - slug: a\n    nam: A\n',
      }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigFileError);
        assert.equal(error.file, 'bad.yaml');
        assert.deepEqual(error.message.split('\n'), [
          'bad.yaml:2:5: page "a" needs "name" (a string)',
          'bad.yaml:3:5: unknown key "nam" in a page; expected one of: slug, name, description, url, time_zone, private, default, groups, components',
        ]);
        return true;
      },
    );
    await assert.rejects(
      callControlServer(socketPath, 'api-key.revoke', { id: 'nope' }),
      (error: unknown) => {
        assert.ok(error instanceof VigilError);
        assert.equal(error.code, 'not_found');
        assert.equal(error.message, 'API key "nope" does not exist');
        return true;
      },
    );
    await assert.rejects(
      callControlServer(socketPath, 'api-key.create', { scope: 'all' }),
      /name is required/,
    );
    await assert.rejects(callControlServer(socketPath, 'no.such', {}), /no such command/);
  });

  it('says no server ran the command when nothing listens, and removes its socket on close', async () => {
    assert.deepEqual(await callControlServer(join(dir, 'missing.sock'), 'user.list', {}), {
      ran: false,
    });
    await server.close();
    assert.equal(existsSync(socketPath), false);
    assert.deepEqual(await callControlServer(socketPath, 'user.list', {}), { ran: false });
  });
});
