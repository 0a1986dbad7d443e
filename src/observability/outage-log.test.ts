// An outage is one warning when it begins and one line when it ends, whatever the attempts between.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorReason, OutageLog, type OutageLogger } from './outage-log.js';

function recorder() {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      lines.push({ level, fields, message });
    };
  // The shape of pino's calls that OutageLog makes: (fields, message).
  const logger = {
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
  } as unknown as OutageLogger;
  return { lines, logger };
}

describe('outage log', () => {
  it('warns once per outage and says how long it lasted', () => {
    const { lines, logger } = recorder();
    let now = 1_000;
    const log = new OutageLog(logger, 'the database', { now: () => now });
    log.recovered();
    assert.equal(lines.length, 0, 'nothing to say while all is well');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
      client: { huge: 'object' },
    });
    assert.equal(log.failed(refused), true);
    assert.equal(log.down, true);
    for (let i = 0; i < 5; i++) assert.equal(log.failed(refused), false);
    now = 4_500;
    log.recovered();
    log.recovered();
    assert.deepEqual(
      lines.map((line) => line.level),
      ['warn', 'debug', 'debug', 'debug', 'debug', 'debug', 'info'],
    );
    assert.equal(lines[0]!.fields.reason, 'connect ECONNREFUSED 127.0.0.1:5432');
    assert.deepEqual(lines.at(-1)!.fields, { downMs: 3_500, failures: 6 });
    assert.equal(log.down, false);
    assert.equal(log.failed(refused), true, 'the next outage is news again');
  });

  it('names the code of an error when its message does not', () => {
    assert.equal(
      errorReason(Object.assign(new Error('terminating connection'), { code: '57P01' })),
      '57P01: terminating connection',
    );
    assert.equal(errorReason('plain'), 'plain');
  });
});
