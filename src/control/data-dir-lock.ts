// A lock file in DATA_DIR held by whichever process has the embedded database open (a server, or a
// CLI command run without one): PGlite must never be opened by two processes at once. A lock left
// by a process that died is taken over.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { lockFilePath } from './local-files.js';

export type LockRole = 'server' | 'command';

export interface LockOwner {
  pid: number;
  role: LockRole;
}

export interface DataDirLock {
  release(): void;
}

/** Takes the lock, or says who holds it. */
export function tryLockDataDir(dataDir: string, role: LockRole): DataDirLock | LockOwner {
  mkdirSync(dataDir, { recursive: true });
  const path = lockFilePath(dataDir);
  const token = randomBytes(8).toString('hex');
  const content = JSON.stringify({ pid: process.pid, role, token });
  // Written whole to a private name and then hard-linked, so the lock never exists half-written.
  const temporary = `${path}.${process.pid}.${token}`;
  writeFileSync(temporary, content, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        linkSync(temporary, path);
        return { release: () => releaseIfOurs(path, token) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = readOwner(path);
      if (owner && isAlive(owner.pid)) return { pid: owner.pid, role: owner.role };
      unlinkQuietly(path);
    }
    const owner = readOwner(path);
    return owner ?? { pid: 0, role: 'command' };
  } finally {
    unlinkQuietly(temporary);
  }
}

export function isLockOwner(value: DataDirLock | LockOwner): value is LockOwner {
  return 'pid' in value;
}

function readOwner(path: string): (LockOwner & { token?: string }) | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner & { token: string }>;
    if (typeof parsed.pid !== 'number') return undefined;
    return {
      pid: parsed.pid,
      role: parsed.role === 'server' ? 'server' : 'command',
      token: parsed.token,
    };
  } catch {
    return undefined;
  }
}

function releaseIfOurs(path: string, token: string): void {
  if (readOwner(path)?.token === token) unlinkQuietly(path);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to clean up.
  }
}
