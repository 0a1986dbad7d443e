// Use cases of probe agents: authenticate a region's token, hand an agent its share of the
// region's monitors (recording its heartbeat, with the hand-off between agents of a region), and
// store a result batch whole or not at all.
import { sql, type Kysely } from 'kysely';
import { AuthenticationError, PermissionError, ValidationError } from '../domain/errors.js';
import { parseResultBatch } from '../domain/monitoring/probe-batch.js';
import {
  AGENT_ID_PATTERN,
  probeTiming,
  type AssignedMonitor,
  type AssignmentRequest,
  type AssignmentResponse,
  type BatchReceipt,
  type ProbeTiming,
  type ResultBatch,
} from '../domain/monitoring/probe-protocol.js';
import { agentView, recordHeartbeat, type AgentView } from '../domain/monitoring/probe-handoff.js';
import { shareOf } from '../domain/monitoring/rendezvous.js';
import { notifyResultsStored } from '../store/change-channel.js';
import { CheckResultRepository } from '../store/check-result-repository.js';
import { MonitorRepository } from '../store/monitor-repository.js';
import { ProbeAgentRepository } from '../store/probe-agent-repository.js';
import { ProbeTokenRepository } from '../store/probe-token-repository.js';
import type { Database, MonitorRow } from '../store/schema.js';

/** Agents not heard from for a day are forgotten (they stopped counting long before). */
const FORGET_AGENTS_AFTER_MS = 86_400_000;

export interface ProbeIngestOptions {
  /**
   * The time of heartbeats and of received results. Without it, results use this process's
   * clock and heartbeats the database's, which every web instance shares (liveness and
   * hand-offs compare heartbeat times recorded by different instances).
   */
  clock?: () => Date;
  /** The heartbeat period agents are asked for; the timeout and hand-off margin follow from it. */
  heartbeatMs?: number;
}

export class ProbeIngestService {
  private readonly clock: () => Date;
  private readonly heartbeatClock: (() => Date) | undefined;
  readonly timing: ProbeTiming;

  constructor(
    private readonly db: Kysely<Database>,
    options: ProbeIngestOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.heartbeatClock = options.clock;
    this.timing = probeTiming(options.heartbeatMs);
  }

  /** The region of a live token; 401 otherwise. */
  async authenticate(secret: string): Promise<{ tokenId: string; region: string }> {
    const token = await new ProbeTokenRepository(this.db).authenticate(secret, this.clock());
    if (!token) throw new AuthenticationError('the probe token is unknown or revoked');
    return token;
  }

  /**
   * Records the agent's heartbeat and answers with its share of the region's monitors, as the
   * hand-off rule (probe-handoff.ts) allows it now; a leaving agent is forgotten instead.
   */
  async assignment(region: string, request: AssignmentRequest): Promise<AssignmentResponse> {
    const agentId = requireAgentId(request?.agent_id);
    const leaving = request?.leaving === true;
    const { view, at } = await this.recordHeartbeat(region, agentId, leaving);
    const monitors = view.settled ? await new MonitorRepository(this.db).listByRegion(region) : [];
    // Cheap and rare enough to do here rather than in a job of its own.
    if (Math.random() < 0.01) {
      await new ProbeAgentRepository(this.db).forgetBefore(
        new Date(at.getTime() - FORGET_AGENTS_AFTER_MS),
      );
    }
    return {
      region,
      agent_id: agentId,
      heartbeat_ms: this.timing.heartbeatMs,
      next_heartbeat_ms: view.nextHeartbeatMs,
      agents: view.agents,
      monitors: shareOf(agentId, view.agents, monitors).map(assignedMonitor),
      handoff_pending: !view.settled && !leaving,
      generated_at: at.toISOString(),
    };
  }

  private recordHeartbeat(
    region: string,
    agentId: string,
    leaving: boolean,
  ): Promise<{ view: AgentView; at: Date }> {
    const { timing } = this;
    return new ProbeAgentRepository(this.db).inRegion(region, async (agents) => {
      const now = this.heartbeatClock?.() ?? (await agents.now());
      const live = await agents.heardSince(new Date(now.getTime() - timing.agentTimeoutMs));
      if (leaving) {
        await agents.remove(agentId);
        const others = live.filter((agent) => agent.agentId !== agentId).map((a) => a.agentId);
        const view = { agents: others.sort(), settled: false, nextHeartbeatMs: timing.heartbeatMs };
        return { view, at: now };
      }
      const self = recordHeartbeat(agentId, live, now.getTime(), timing);
      await agents.save(self);
      return { view: agentView(self, live, timing), at: new Date(self.lastHeartbeatAtMs) };
    });
  }

  /**
   * Refuses the whole batch when any result is malformed, names an unknown monitor or one the
   * region does not check; otherwise stores the results not stored before and wakes the
   * evaluator for the monitors that got new ones.
   */
  async submit(region: string, input: ResultBatch): Promise<BatchReceipt> {
    const batch = parseResultBatch(input, this.clock());
    const monitorIds = [...new Set(batch.results.map((result) => result.monitorId))];
    const monitors = await this.monitorRegions(monitorIds);
    batch.results.forEach((result, index) => {
      const regions = monitors.get(result.monitorId);
      if (!regions)
        throw new ValidationError(
          `results[${index}].monitor_id`,
          `results[${index}].monitor_id: monitor ${JSON.stringify(result.monitorId)} does not exist`,
        );
      if (!regions.includes(region))
        throw new PermissionError(
          `results[${index}]: monitor ${JSON.stringify(result.monitorId)} is not checked from region ` +
            `${JSON.stringify(region)} (it is checked from ${regions.join(', ')})`,
        );
    });
    const stored = await new CheckResultRepository(this.db).insertBatch(
      batch.results.map((result) => ({ ...result, region })),
      this.clock(),
    );
    await this.wakeEvaluator(batch.results, stored.ids);
    return { accepted: batch.results.length, stored: stored.inserted };
  }

  private async monitorRegions(ids: readonly string[]): Promise<Map<string, string[]>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('monitors')
      .select(['id', 'settings'])
      // One array parameter, however many monitors a batch names.
      .where('id', '=', sql<string>`any(${[...ids]}::text[])`)
      .execute();
    return new Map(rows.map((row) => [row.id, row.settings.regions]));
  }

  private async wakeEvaluator(
    results: ReadonlyArray<{ id: string; monitorId: string }>,
    storedIds: readonly string[],
  ): Promise<void> {
    const fresh = new Set(storedIds);
    const woken = new Set<string>();
    for (const result of results) {
      if (fresh.has(result.id)) woken.add(result.monitorId);
    }
    await notifyResultsStored(this.db, [...woken]);
  }
}

function requireAgentId(value: unknown): string {
  if (typeof value !== 'string' || !AGENT_ID_PATTERN.test(value))
    throw new ValidationError(
      'agent_id',
      'agent_id must be 1-100 characters of A-Z a-z 0-9 _ . : -',
    );
  return value;
}

export function assignedMonitor(row: MonitorRow): AssignedMonitor {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    target: row.spec,
    interval_ms: row.settings.intervalMs,
    timeout_ms: row.settings.timeoutMs,
    conditions: [...row.conditions],
    updated_at: row.updated_at.toISOString(),
  };
}
