// The DATA_DIR lock: one holder at a time, a dead holder's lock is taken over, release is per holder.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isLockOwner, tryLockDataDir } from './data-dir-lock.js';
import { lockFilePath } from './local-files.js';

describe('DATA_DIR lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is held by one process at a time and says who holds it', () => {
    const lock = tryLockDataDir(dir, 'server');
    assert.equal(isLockOwner(lock), false);
    const second = tryLockDataDir(dir, 'command');
    assert.deepEqual(second, { pid: process.pid, role: 'server' });
    if (!isLockOwner(lock)) lock.release();
    assert.equal(existsSync(lockFilePath(dir)), false);
    const third = tryLockDataDir(dir, 'command');
    assert.equal(isLockOwner(third), false);
    if (!isLockOwner(third)) third.release();
  });

  it('takes over a lock left by a process that has exited', () => {
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(exited.stdout.toString());
    writeFileSync(
      lockFilePath(dir),
      JSON.stringify({ pid: deadPid, role: 'server', token: 'old' }),
    );
    const lock = tryLockDataDir(dir, 'command');
    assert.equal(isLockOwner(lock), false);
    assert.equal(JSON.parse(readFileSync(lockFilePath(dir), 'utf8')).pid, process.pid);
    if (!isLockOwner(lock)) lock.release();
  });

  it('does not remove a lock that another holder has taken since', () => {
    const lock = tryLockDataDir(dir, 'command');
    assert.equal(isLockOwner(lock), false);
    writeFileSync(
      lockFilePath(dir),
      JSON.stringify({ pid: process.pid, role: 'server', token: 'other' }),
    );
    if (!isLockOwner(lock)) lock.release();
    assert.equal(existsSync(lockFilePath(dir)), true);
    rmSync(lockFilePath(dir));
  });
});
