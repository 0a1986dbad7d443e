import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckResult } from './check-result.js';
import { evaluateMonitor, initialMonitorState } from './evaluate.js';
import type { MonitorState } from './evaluate.js';
import type { EvaluationContext } from './monitor-status.js';
import { parseMonitorSettings } from './settings.js';
import type { MonitorSettings } from './settings.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const at = (seconds: number): Date => new Date(T0 + seconds * 1_000);
const NORMAL: EvaluationContext = { underMaintenance: false };

function check(
  region: string,
  seconds: number,
  passed: boolean,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return { id: `${region}-${seconds}`, region, checkedAt: at(seconds), passed, ...extra };
}

/** Three regions, F=2, S=2, quorum 2, 10 s interval. */
const SETTINGS: MonitorSettings = parseMonitorSettings({
  interval: '10s',
  regions: ['eu', 'us', 'ap'],
  failure_threshold: 2,
  success_threshold: 2,
});

function start(settings: MonitorSettings = SETTINGS): MonitorState {
  return initialMonitorState(settings, at(0));
}

function run(
  state: MonitorState,
  results: CheckResult[],
  nowSeconds: number,
  settings = SETTINGS,
  context = NORMAL,
) {
  return evaluateMonitor(state, results, settings, at(nowSeconds), context);
}

const allPass = (seconds: number) => ['eu', 'us', 'ap'].map((r) => check(r, seconds, true));

describe('evaluateMonitor transitions', () => {
  it('goes pending → up on the first results, stamped with the result time', () => {
    const { state, transitions } = run(start(), allPass(10), 11);
    assert.equal(state.status, 'up');
    assert.deepEqual(
      transitions.map((t) => [t.from, t.to, t.at]),
      [['pending', 'up', at(10).toISOString()]],
    );
    // Results of the same millisecond apply in id order, so "ap-10" comes first.
    assert.deepEqual(transitions[0]!.reason.triggeredBy, { region: 'ap', resultId: 'ap-10' });
  });

  it('goes down with the failing regions, conditions and errors as its reason', () => {
    const up = run(start(), allPass(10), 11).state;
    const failure = (region: string, seconds: number) =>
      check(region, seconds, false, {
        error: 'http_status',
        failedConditions: ['status == 200 (got 503)'],
      });
    const { state, transitions } = run(
      up,
      [failure('eu', 20), failure('us', 20), failure('eu', 30), failure('us', 30)],
      31,
    );
    assert.equal(state.status, 'down');
    assert.deepEqual(state.failingRegions, ['eu', 'us']);
    // eu fails first at 30 s (degraded, below quorum), then us makes the quorum.
    assert.deepEqual(
      transitions.map((t) => [t.from, t.to]),
      [
        ['up', 'degraded'],
        ['degraded', 'down'],
      ],
    );
    const reason = transitions[1]!.reason;
    assert.equal(transitions[1]!.at, at(30).toISOString());
    assert.deepEqual(reason.failingRegions, ['eu', 'us']);
    assert.deepEqual(reason.okRegions, ['ap']);
    assert.equal(reason.quorum, 2);
    assert.match(reason.summary, /2 of 3 regions failing \(quorum 2\): eu, us/);
    const eu = reason.evidence.find((e) => e.region === 'eu');
    assert.deepEqual(eu?.failedConditions, ['status == 200 (got 503)']);
    assert.equal(eu?.error, 'http_status');
    assert.equal(eu?.checkedAt, at(30).toISOString());
  });

  it('recovers only after S passes in every failing region', () => {
    let state = run(start(), allPass(10), 11).state;
    state = run(
      state,
      [
        check('eu', 20, false),
        check('us', 20, false),
        check('eu', 30, false),
        check('us', 30, false),
      ],
      31,
    ).state;
    assert.equal(state.status, 'down');
    const once = run(state, [check('eu', 40, true), check('us', 40, true)], 41);
    assert.equal(once.state.status, 'down');
    assert.deepEqual(once.transitions, []);
    const twice = run(once.state, [check('eu', 50, true), check('us', 50, true)], 51);
    assert.deepEqual(
      twice.transitions.map((t) => [t.from, t.to]),
      [
        ['down', 'degraded'],
        ['degraded', 'up'],
      ],
    );
  });

  it('goes stale on the clock alone, at the time evaluated', () => {
    const up = run(start(), allPass(10), 11).state;
    assert.deepEqual(run(up, [], 39).transitions, []);
    const { state, transitions } = run(up, [], 40);
    assert.equal(state.status, 'stale');
    assert.equal(transitions[0]?.at, at(40).toISOString());
    assert.equal(transitions[0]?.reason.triggeredBy, null);
  });

  it('pauses, then resumes as pending until results come back', () => {
    const up = run(start(), allPass(10), 11).state;
    const paused = run(up, [], 15, { ...SETTINGS, paused: true });
    assert.equal(paused.state.status, 'paused');
    const resumed = run(paused.state, [], 100);
    assert.equal(resumed.state.status, 'pending');
    assert.equal(resumed.state.observingSince, at(100).toISOString());
    assert.equal(run(resumed.state, [], 129).state.status, 'pending');
    assert.equal(run(resumed.state, allPass(105), 106).state.status, 'up');
  });

  it('enters and leaves maintenance from the context', () => {
    const up = run(start(), allPass(10), 11).state;
    const maintenance = run(up, [], 12, SETTINGS, { underMaintenance: true });
    assert.equal(maintenance.state.status, 'maintenance');
    assert.equal(maintenance.transitions[0]?.reason.summary, 'components under maintenance');
    assert.equal(run(maintenance.state, allPass(20), 21).state.status, 'up');
  });
});

describe('evaluateMonitor input hygiene', () => {
  it('ignores a result fed twice: same state, no transitions', () => {
    const results = [check('eu', 10, false), check('eu', 20, false), check('us', 10, true)];
    const first = run(start(), results, 21);
    const again = run(first.state, results, 21);
    assert.deepEqual(again.state, first.state);
    assert.deepEqual(again.transitions, []);
    assert.equal(again.ignored, 3);
  });

  it('ignores a late result older than its region’s last one', () => {
    const first = run(start(), [check('eu', 20, true)], 21);
    const late = run(first.state, [check('eu', 15, false)], 21);
    assert.equal(late.ignored, 1);
    assert.deepEqual(late.state, first.state);
  });

  it('ignores results from regions the monitor is not checked from', () => {
    const { state, ignored } = run(
      start(),
      [check('sa', 10, false), check('constructor', 10, false)],
      11,
    );
    assert.equal(ignored, 2);
    assert.deepEqual(Object.keys(state.regions), ['eu', 'us', 'ap']);
  });

  it('follows region changes: new regions start fresh, removed ones are forgotten', () => {
    const state = run(start(), allPass(10), 11).state;
    const changed = parseMonitorSettings({
      interval: '10s',
      regions: ['us', 'constructor'],
      failure_threshold: 2,
    });
    const next = run(state, [], 12, changed);
    assert.deepEqual(Object.keys(next.state.regions), ['us', 'constructor']);
    assert.equal(next.state.regions['constructor']?.lastResult, null);
    assert.equal(next.state.regions['us']?.lastResult?.resultId, 'us-10');
  });

  it('never moves its clock back when the evaluator’s clock is behind a result', () => {
    const { state } = run(start(), [check('eu', 50, true)], 20);
    assert.equal(state.evaluatedAt, at(50).toISOString());
  });

  it('starts a null state as a new monitor observed from now', () => {
    const { state, transitions } = evaluateMonitor(null, [], SETTINGS, at(5), NORMAL);
    assert.equal(state.status, 'pending');
    assert.equal(state.observingSince, at(5).toISOString());
    assert.deepEqual(transitions, []);
  });
});
