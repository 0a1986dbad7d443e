// Chooses the key that encrypts channel secrets: VIGIL_SECRET_KEY(_FILE) when set; on the
// embedded database a key of its own, generated once into DATA_DIR (mode 0600) so that a
// one-command install works and the key travels with the data it protects; on PostgreSQL none,
// because instances on several machines must share one key that only the operator can provide.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SECRET_KEY_BYTES,
  SECRET_KEY_HINT,
  formatSecretKey,
  parseSecretKey,
} from '../config/secret-key-format.js';
import type { DatabaseKind } from '../store/database.js';
import { SecretBox } from './secret-box.js';

export const SECRET_KEY_FILE = 'secret.key';

export const NO_KEY_ON_POSTGRES =
  `VIGIL_SECRET_KEY is not set, and on PostgreSQL Vigil does not make up a key of its own; ` +
  `set VIGIL_SECRET_KEY or VIGIL_SECRET_KEY_FILE to the same key on every instance (${SECRET_KEY_HINT})`;

/** The little of a logger this needs (pino's fits), so tests can pass a recorder. */
export interface KeyLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface SecretKeySource {
  secretKey: Buffer | undefined;
  /** Keys that may still open stored secrets (VIGIL_SECRET_KEY_PREVIOUS); none by default. */
  previousKeys?: readonly Buffer[];
  databaseKind: DatabaseKind;
  /** Where the embedded database keeps its files; undefined for one in memory. */
  localDir: string | undefined;
}

export function openSecretBox(source: SecretKeySource, logger: KeyLogger): SecretBox {
  const previous = source.previousKeys ?? [];
  if (source.secretKey) return SecretBox.withKey(source.secretKey, previous);
  if (source.databaseKind !== 'pglite') return SecretBox.without(NO_KEY_ON_POSTGRES);
  // A database in memory (tests) keeps no secret past the process: neither does its key.
  if (source.localDir === undefined) {
    return SecretBox.withKey(randomBytes(SECRET_KEY_BYTES), previous);
  }
  const dir = source.localDir;
  return SecretBox.loadingOnce(() => dataDirKey(dir, logger), previous);
}

function dataDirKey(dataDir: string, logger: KeyLogger): Buffer {
  const path = join(dataDir, SECRET_KEY_FILE);
  const existing = readKeyFile(path);
  if (existing) {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      logger.warn({ path, mode: mode.toString(8) }, 'the secret key file is readable by others');
    }
    return existing;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(SECRET_KEY_BYTES);
  try {
    // 'wx': never overwrite a key another process wrote meanwhile (its secrets use that one).
    writeFileSync(path, `${formatSecretKey(key)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(path)!;
    throw error;
  }
  logger.info(
    { path },
    'generated the key that encrypts channel secrets (mode 0600); back it up with the data ' +
      'directory, or set VIGIL_SECRET_KEY: without it stored channel secrets cannot be read',
  );
  return key;
}

function readKeyFile(path: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const key = parseSecretKey(text);
  if (!key) throw new Error(`${path} does not hold a secret key (32 bytes, base64 or hex)`);
  return key;
}
