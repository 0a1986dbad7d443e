// Where the local control files live inside DATA_DIR.
import { join } from 'node:path';

export const CONTROL_SOCKET_NAME = 'vigil.sock';
export const LOCK_FILE_NAME = 'vigil.lock';

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, CONTROL_SOCKET_NAME);
}

export function lockFilePath(dataDir: string): string {
  return join(dataDir, LOCK_FILE_NAME);
}
