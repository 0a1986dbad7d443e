// Listens for change notices (CHANGE_CHANNEL) from every process. The connection reconnects by
// itself once made (store/database.ts) and then reports "everything may have changed"; this adds
// the first connection, retried in the background when PostgreSQL is down at start.
import type { Logger } from 'pino';
import { CHANGE_CHANNEL } from '../store/change-channel.js';
import type { VigilDatabase } from '../store/database.js';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

export async function listenForChanges(
  database: VigilDatabase,
  onChange: (pageId: string) => void,
  logger: Pick<Logger, 'warn'>,
  tolerateOutage: boolean,
): Promise<() => Promise<void>> {
  let unlisten: (() => Promise<void>) | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let delayMs = FIRST_RETRY_MS;

  const connect = async (): Promise<void> => {
    const stop = await database.listen(CHANGE_CHANNEL, onChange);
    if (stopped) await stop();
    else unlisten = stop;
  };
  try {
    await connect();
  } catch (error) {
    if (!tolerateOutage) throw error;
    logger.warn({ err: error }, 'cannot listen for change notices yet; retrying');
    const retry = (): void => {
      timer = setTimeout(() => {
        connect().catch(() => {
          delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
          if (!stopped) retry();
        });
      }, delayMs);
    };
    retry();
  }
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await unlisten?.();
  };
}
