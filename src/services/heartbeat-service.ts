// Use case of heartbeat monitors: a job calls the monitor's secret URL; each call is stored as a
// check result (passed, or failed when the job reports failure) that the evaluator judges.
import type { Kysely } from 'kysely';
import { NotFoundError } from '../domain/errors.js';
import { PROBE_LIMITS } from '../domain/monitoring/probe-protocol.js';
import { notifyResultsStored } from '../store/change-channel.js';
import { CheckResultRepository } from '../store/check-result-repository.js';
import { newId } from '../store/ids.js';
import { MonitorRepository } from '../store/monitor-repository.js';
import type { Database } from '../store/schema.js';
import { hashSecret } from './secret-token.js';

export interface PingInput {
  secret: string;
  /** The job reports that it failed (`/fail`): the monitor fails now rather than at its deadline. */
  failed: boolean;
  /** What the job said (request body), kept as the result's message. */
  message?: string;
}

export class HeartbeatService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async ping(input: PingInput): Promise<{ monitorId: string; paused: boolean }> {
    // Secrets are base64url; anything else cannot match, and is not worth a query.
    if (!/^[A-Za-z0-9_-]{16,100}$/.test(input.secret))
      throw new NotFoundError('heartbeat', 'that URL');
    const monitor = await new MonitorRepository(this.db).findByHeartbeatHash(
      hashSecret(input.secret),
    );
    if (!monitor) throw new NotFoundError('heartbeat', 'that URL');
    const message = input.message?.trim().slice(0, PROBE_LIMITS.maxErrorMessageLength) || null;
    const region = monitor.settings.regions[0]!;
    await new CheckResultRepository(this.db).insertBatch([
      {
        id: `ping-${newId(16)}`,
        monitorId: monitor.id,
        region,
        checkedAt: this.clock(),
        passed: !input.failed,
        latencyMs: null,
        errorClass: input.failed ? 'reported' : null,
        errorMessage: input.failed ? (message ?? 'the job reported a failure') : message,
      },
    ]);
    await notifyResultsStored(this.db, monitor.id);
    return { monitorId: monitor.id, paused: monitor.settings.paused };
  }
}
