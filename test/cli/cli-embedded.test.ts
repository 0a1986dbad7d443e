// The CLI on the embedded database with no server running: each command opens DATA_DIR itself.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createServices } from '../../src/services/index.js';
import { openDatabase } from '../../src/store/database.js';
import { vigil } from './cli-support.js';
import { configScenario } from './config-scenario.js';

describe('vigil CLI on the embedded database, no server running', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  configScenario(async () => ({
    env: { DATA_DIR: dataDir },
    async inspect(look) {
      assert.equal(
        existsSync(join(dataDir, 'vigil.lock')),
        false,
        'a finished command releases the lock',
      );
      const database = await openDatabase({ dataDir });
      try {
        return await look(database.db, createServices(database.db, { sessionTtlMs: 60_000 }));
      } finally {
        await database.close();
      }
    },
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  }));
});

describe('vigil --help', () => {
  it('documents every command and its options', async () => {
    const result = await vigil(['--help'], {});
    assert.equal(result.code, 0, result.stderr);
    for (const usage of [
      'vigil start',
      'vigil serve',
      'vigil migrate',
      'vigil config apply <file>',
      'vigil config validate <file>',
      'vigil config export',
      'vigil api-key create',
      'vigil api-key list',
      'vigil api-key revoke <id>',
      'vigil probe-token create',
      'vigil probe-token list',
      'vigil probe-token revoke <id>',
      'vigil user create',
      'vigil user set-password',
      'vigil user list',
      'vigil secrets rotate',
    ]) {
      assert.ok(result.stdout.includes(`\n  ${usage}`), `--help lacks ${usage}`);
    }
    for (const option of [
      '--dry-run',
      '--prune',
      '--prune-pages',
      '--output <file>',
      '--scope <scope>',
      '--password-file <file>',
      '--role <role>',
      '--region <name>',
      '--server <url>',
      '--token <token>',
    ]) {
      assert.ok(result.stdout.includes(option), `--help lacks ${option}`);
    }
  });

  it('rejects an unknown option with a message and a non-zero status', async () => {
    const result = await vigil(['config', 'apply', '--force', 'x.yaml'], {});
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /unknown option '--force'/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });
});
