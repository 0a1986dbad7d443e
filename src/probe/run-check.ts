// Runs one assigned monitor's check and judges it: the checker with the monitor's timeout, every
// condition on the outcome, and a WireCheckResult ready to send. Target errors become results.
import { randomBytes } from 'node:crypto';
import {
  evaluateCondition,
  parseCondition,
  type CheckFacts,
  type Condition,
  type ConditionOutcome,
} from '../domain/conditions/index.js';
import {
  PROBE_LIMITS,
  type AssignedMonitor,
  type WireCheckResult,
} from '../domain/monitoring/probe-protocol.js';
import { CHECKERS, type Checker, type CheckOutcome } from './checkers/index.js';
import { boundedFacts, cutText } from './result-facts.js';

/**
 * An HTTP monitor without conditions is judged by this one, so that a 500 page does not count as
 * up just because it answered; it is recorded in condition_results like any other condition, so
 * the reason a result failed is visible. Other types pass on "no target error" alone.
 */
export const DEFAULT_HTTP_CONDITION = 'status < 400';

type JudgedCondition = { ok: true; ast: Condition } | { ok: false; text: string; error: string };

interface ParsedDefinition {
  updatedAt: string;
  conditions: JudgedCondition[];
}

export interface CheckRunnerOptions {
  /** Milliseconds since the epoch; the scheduler's clock, so results and schedule agree. */
  now?: () => number;
  /** Check types by name (tests may give their own). */
  checkers?: Readonly<Record<string, Checker<never>>>;
  /**
   * Sent as User-Agent by HTTP checks that set none, so a target's operators can tell Vigil's
   * probes and their regions apart in their logs (and allow or block them).
   */
  userAgent?: string;
}

export const PROBE_VERSION = '0.1.0';

/** `Vigil-Probe/0.1.0 (region=eu-west; agent=...)`. */
export function probeUserAgent(region: string, agentId: string): string {
  return `Vigil-Probe/${PROBE_VERSION} (region=${region}; agent=${agentId})`;
}

export class CheckRunner {
  // Parsed once per monitor definition; an edit (new updated_at) parses again.
  private readonly parsed = new Map<string, ParsedDefinition>();
  private readonly now: () => number;
  private readonly checkers: Readonly<Record<string, Checker<never>>>;
  private readonly userAgent: string | undefined;

  constructor(options: CheckRunnerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.checkers = options.checkers ?? CHECKERS;
    this.userAgent = options.userAgent;
  }

  /**
   * Checks and judges `monitor`; never throws, whatever the target or the checker does. After a
   * target error the conditions are not judged (the facts they read are missing; the error is
   * the reason), so condition_results is empty and the result fails.
   */
  async run(monitor: AssignedMonitor, signal?: AbortSignal): Promise<WireCheckResult> {
    const checkedAtMs = this.now();
    const outcome = await this.check(monitor, signal);
    const conditionResults = outcome.error
      ? []
      : this.conditionsOf(monitor).map((condition) => judge(condition, outcome.facts));
    const passed = !outcome.error && conditionResults.every((result) => result.passed);
    return {
      id: resultId(monitor.id, checkedAtMs),
      monitor_id: monitor.id,
      checked_at: new Date(checkedAtMs).toISOString(),
      passed,
      latency_ms: Number.isFinite(outcome.latencyMs) ? Math.round(outcome.latencyMs) : null,
      error_class: outcome.error?.class ?? null,
      error_message: outcome.error
        ? cutText(outcome.error.message, PROBE_LIMITS.maxErrorMessageLength)
        : null,
      condition_results: conditionResults.slice(0, PROBE_LIMITS.maxConditionResults),
      facts: boundedFacts({
        ...outcome.facts,
        ...(outcome.certificate ? { certificate: outcome.certificate } : {}),
      }),
      timings: timingsOf(outcome),
    };
  }

  /** Forgets parsed conditions of monitors no longer assigned. */
  retain(monitorIds: Iterable<string>): void {
    const keep = new Set(monitorIds);
    for (const id of this.parsed.keys()) if (!keep.has(id)) this.parsed.delete(id);
  }

  private async check(monitor: AssignedMonitor, signal?: AbortSignal): Promise<CheckOutcome> {
    const checker = Object.hasOwn(this.checkers, monitor.type)
      ? this.checkers[monitor.type]
      : undefined;
    if (!checker) {
      return probeFailure(`this probe cannot run ${JSON.stringify(monitor.type)} checks`);
    }
    try {
      // The target was validated by web for this type when the monitor was saved.
      return await checker.check(this.targetOf(monitor) as never, {
        timeoutMs: monitor.timeout_ms,
        signal,
      });
    } catch (error) {
      // Checkers report target errors as outcomes; a throw is a probe bug, still worth a result.
      const reason = error instanceof Error ? error.message : String(error);
      return probeFailure(`the probe failed to run the check: ${reason}`);
    }
  }

  private targetOf(monitor: AssignedMonitor): Record<string, unknown> {
    if (monitor.type !== 'http' || this.userAgent === undefined) return monitor.target;
    const headers = (monitor.target.headers ?? {}) as Record<string, string>;
    if (Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent'))
      return monitor.target;
    return { ...monitor.target, headers: { ...headers, 'user-agent': this.userAgent } };
  }

  private conditionsOf(monitor: AssignedMonitor): JudgedCondition[] {
    const cached = this.parsed.get(monitor.id);
    if (cached && cached.updatedAt === monitor.updated_at) return cached.conditions;
    const texts =
      monitor.conditions.length === 0 && monitor.type === 'http'
        ? [DEFAULT_HTTP_CONDITION]
        : monitor.conditions;
    const conditions = texts.map((text): JudgedCondition => {
      const parsed = parseCondition(text);
      return parsed.ok ? parsed : { ok: false, text, error: parsed.error.message };
    });
    this.parsed.set(monitor.id, { updatedAt: monitor.updated_at, conditions });
    return conditions;
  }
}

function judge(condition: JudgedCondition, facts: CheckFacts): ConditionOutcome {
  if (condition.ok) return evaluateCondition(condition.ast, facts);
  // Web refuses such conditions on save; a probe older or newer than web may still meet one.
  return {
    condition: condition.text,
    passed: false,
    observed: {},
    error: `this probe cannot parse the condition (${condition.error})`,
  };
}

function probeFailure(message: string): CheckOutcome {
  return { facts: {}, latencyMs: 0, error: { class: 'unknown', message } };
}

/** Unique per check (monitor, start time and 72 random bits) and within RESULT_ID_PATTERN. */
export function resultId(monitorId: string, checkedAtMs: number): string {
  const monitorPart = monitorId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 40) || 'm';
  return `${monitorPart}:${checkedAtMs}:${randomBytes(9).toString('base64url')}`;
}

function timingsOf(outcome: CheckOutcome): Record<string, number> {
  const timings: Record<string, number> = {};
  for (const [phase, value] of Object.entries(outcome.timings ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) {
      timings[phase] = Math.round(value * 10) / 10;
    }
  }
  return timings;
}
