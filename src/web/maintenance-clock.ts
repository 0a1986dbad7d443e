// Wakes up when the next scheduled maintenance should start or end (and at least once a minute)
// and lets the incident service move it; every web instance may run one, the moves are idempotent.
import type { Logger } from 'pino';
import { errorReason } from '../observability/outage-log.js';
import type { IncidentService } from '../services/incident-service.js';
import { isConnectionError } from '../store/sql-errors.js';

const MAX_SLEEP_MS = 60_000;

export interface MaintenanceClock {
  /** Re-plans the next wake-up, for example after a maintenance was created or edited. */
  replan(): void;
  stop(): void;
}

export function startMaintenanceClock(
  incidents: IncidentService,
  logger: Logger,
): MaintenanceClock {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;

  const plan = async (): Promise<void> => {
    if (stopped) return;
    let sleepMs = MAX_SLEEP_MS;
    try {
      const moved = await incidents.advanceMaintenances(new Date());
      if (moved > 0) logger.info({ moved }, 'scheduled maintenances moved on');
      const next = await incidents.nextMaintenanceTransition(new Date());
      if (next) sleepMs = Math.min(MAX_SLEEP_MS, Math.max(50, next.getTime() - Date.now() + 20));
    } catch (error) {
      // An unreachable database is logged once by the outage logs, not every 5 s here.
      if (isConnectionError(error))
        logger.debug({ reason: errorReason(error) }, 'maintenances wait for the database');
      else logger.warn({ err: error }, 'could not move scheduled maintenances; will retry');
      sleepMs = 5_000;
    }
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, sleepMs);
    timer.unref();
  };
  const tick = (): void => {
    running = plan().finally(() => (running = undefined));
  };
  tick();
  return {
    replan() {
      if (!running) tick();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
