// Human wording: transition reasons from outcomes, UI descriptions, and the facts a condition needs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  conditionSummary,
  describeCondition,
  evaluateCondition,
  factsUsed,
  parseCondition,
  type CheckFacts,
  type Condition,
} from './index.js';

function ast(text: string): Condition {
  const result = parseCondition(text);
  if (!result.ok) assert.fail(result.error.message);
  return result.ast;
}

const summarize = (text: string, facts: CheckFacts) =>
  conditionSummary(evaluateCondition(ast(text), facts));

describe('conditionSummary', () => {
  it('says which values made a condition fail', () => {
    assert.equal(
      summarize('status == 200', { status: 503 }),
      'status == 200 failed: status was 503',
    );
    assert.equal(
      summarize('status==200 and latency<500ms', { status: 503, latency: 812 }),
      'status == 200 and latency < 500ms failed: status was 503, latency was 812ms',
    );
    assert.equal(
      summarize('body contains "ok"', { body: 'nope' }),
      'body contains "ok" failed: body was "nope"',
    );
    assert.equal(
      summarize('dns.answers contains "10.0.0.1"', { dns: { answers: ['10.0.0.9'] } }),
      'dns.answers contains "10.0.0.1" failed: dns.answers was ["10.0.0.9"]',
    );
  });

  it('uses the error when the value could not be judged', () => {
    assert.equal(summarize('status == 200', {}), 'status == 200 failed: status is missing');
  });

  it('says passed when it passed', () => {
    assert.equal(summarize('latency < 1s', { latency: 20 }), 'latency < 1s passed');
  });

  it('shortens long values', () => {
    const text = summarize('body == "x"', { body: 'y'.repeat(500) });
    assert.ok(text.length < 150, text);
    assert.ok(text.endsWith('…'));
  });
});

describe('describeCondition', () => {
  it('reads conditions in plain words', () => {
    assert.equal(
      describeCondition(ast('status in [200, 204]')),
      'HTTP status code is one of 200, 204',
    );
    assert.equal(
      describeCondition(ast('latency < 500ms')),
      'total check duration is less than 500ms',
    );
    assert.equal(
      describeCondition(ast('tcp.connected == true')),
      'TCP connection was established: yes',
    );
    assert.equal(describeCondition(ast('cert.valid != true')), 'certificate chain is trusted: no');
    assert.equal(
      describeCondition(ast('body not matches "^OK"')),
      'response body does not match /^OK/',
    );
    assert.equal(
      describeCondition(ast('status == 200 and (latency < 1s or not body contains "x")')),
      'HTTP status code is 200 and (total check duration is less than 1s or not (response body contains "x"))',
    );
  });
});

describe('factsUsed', () => {
  it('names the top-level facts a condition reads', () => {
    assert.deepEqual(
      [
        ...factsUsed(
          ast('status == 200 and json(body).a == 1 or header("x") == "y" and cert.valid == true'),
        ),
      ].sort(),
      ['body', 'cert', 'headers', 'status'],
    );
  });
});
