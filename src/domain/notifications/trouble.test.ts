// The trouble across a maintenance: a down announced before a maintenance is followed by
// "recovered" when the monitor comes back up after it; an up after a maintenance with no trouble
// before it is plain "up"; a recovery names the events of the trouble it ends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { troubleStep, type Trouble } from './trouble.js';

function run(steps: Array<[string, string]>): string[] {
  let trouble: Trouble | null = null;
  return steps.map(([from, to], index) => {
    const step = troubleStep(trouble, { from, to, eventId: `e${index}` });
    trouble = step.trouble;
    return step.endsEventIds.length > 0
      ? `${step.kind} [${step.endsEventIds.join(' ')}]`
      : step.kind;
  });
}

describe('troubleStep', () => {
  it('keeps the kinds of plain transitions', () => {
    assert.deepEqual(
      run([
        ['pending', 'up'],
        ['up', 'down'],
        ['down', 'up'],
        ['up', 'degraded'],
        ['degraded', 'up'],
      ]),
      [
        'monitor.up',
        'monitor.down',
        'monitor.recovered [e1]',
        'monitor.degraded',
        'monitor.recovered [e3]',
      ],
    );
  });

  it('recovers after a maintenance that began in trouble, and only then', () => {
    assert.deepEqual(
      run([
        ['up', 'down'],
        ['down', 'maintenance'],
        ['maintenance', 'up'],
        ['up', 'maintenance'],
        ['maintenance', 'up'],
      ]),
      [
        'monitor.down',
        'monitor.maintenance',
        'monitor.recovered [e0]',
        'monitor.maintenance',
        'monitor.up',
      ],
    );
  });

  it('announces a down that persists after the maintenance and names both in the recovery', () => {
    assert.deepEqual(
      run([
        ['up', 'down'],
        ['down', 'maintenance'],
        ['maintenance', 'down'],
        ['down', 'up'],
      ]),
      ['monitor.down', 'monitor.maintenance', 'monitor.down', 'monitor.recovered [e0 e2]'],
    );
  });

  it('ends the trouble on stale and pause as before', () => {
    assert.deepEqual(
      run([
        ['up', 'down'],
        ['down', 'stale'],
        ['stale', 'up'],
      ]),
      ['monitor.down', 'monitor.stale', 'monitor.up'],
    );
  });
});
