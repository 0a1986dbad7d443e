// Evaluator: each operator on real-looking facts, durations, JSON paths, headers, and undecidable values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluateCondition,
  parseCondition,
  type CheckFacts,
  type ConditionOutcome,
} from './index.js';

function run(text: string, facts: CheckFacts): ConditionOutcome {
  const parsed = parseCondition(text);
  if (!parsed.ok) assert.fail(`${text}: ${parsed.error.message}`);
  return evaluateCondition(parsed.ast, facts);
}

const passes = (text: string, facts: CheckFacts) =>
  assert.equal(run(text, facts).passed, true, text);
const fails = (text: string, facts: CheckFacts) => {
  const outcome = run(text, facts);
  assert.equal(outcome.passed, false, text);
  assert.equal(outcome.error, undefined, `${text} should fail cleanly, not with ${outcome.error}`);
};

const http: CheckFacts = {
  status: 503,
  latency: 812,
  body: '{"data":[{"state":"UP","n":3}],"tags":["a","b"],"ok":true,"gone":null}',
  headers: { 'content-type': 'application/json; charset=utf-8', 'set-cookie': ['a=1', 'b=2'] },
};

describe('evaluateCondition: comparisons', () => {
  it('compares numbers with every ordering operator', () => {
    passes('status == 503', http);
    fails('status == 200', http);
    passes('status != 200', http);
    passes('status > 500', http);
    passes('status >= 503', http);
    fails('status < 503', http);
    passes('status <= 503', http);
    passes('status in [502, 503]', http);
    fails('status in []', http);
    passes('status not in [200, 204]', http);
  });

  it('compares latency and certificate expiry with durations in milliseconds', () => {
    passes('latency < 1s', http);
    passes('latency > 0.8s', http);
    fails('latency < 812ms', http);
    passes('latency <= 812', http);
    passes('latency in [812ms, 2s]', { latency: 812 });
    passes('latency == 1.5s', { latency: 1500 });
    passes('latency <= 1.1s', { latency: 1100 });
    const cert = { cert: { expires_in: 20 * 86_400_000, valid: true, hostname_match: false } };
    passes('cert.expires_in > 14d', cert);
    fails('cert.expires_in > 3w'.replace('3w', '21d'), cert);
    passes('cert.expires_in > 479h and cert.expires_in < 28801m', cert);
    passes('cert.valid == true and cert.hostname_match == false', cert);
    passes('cert.expires_in < 0s', { cert: { expires_in: -1 } });
  });

  it('searches, matches and compares text', () => {
    passes('body contains "UP"', http);
    fails('body contains "DOWN"', http);
    passes('body not contains "DOWN"', http);
    passes('body matches "^\\\\{\\"data"', http);
    fails('body matches "^OK"', http);
    passes('body not matches "^OK"', http);
    passes('body matches "(?i)\\"STATE\\""', http);
    passes('body == "OK"', { body: 'OK' });
    passes('body in ["OK", "ok"]', { body: 'ok' });
  });

  it('reads DNS answers as a list and TCP as a boolean', () => {
    const dns = { dns: { answers: ['10.0.0.2', '10.0.0.1'] } };
    passes('dns.answers contains "10.0.0.1"', dns);
    fails('dns.answers contains "10.0.0.3"', dns);
    passes('dns.answers not contains "10.0.0.3"', dns);
    passes('dns.answers matches "^10\\\\.0\\\\.0\\\\.2$"', dns);
    passes('dns.answers == ["10.0.0.1", "10.0.0.2"]', dns);
    fails('dns.answers == ["10.0.0.1"]', dns);
    passes('tcp.connected == true', { tcp: { connected: true } });
    fails('tcp.connected == true', { tcp: { connected: false } });
  });
});

describe('evaluateCondition: json(body) and headers', () => {
  it('walks keys and indexes of the parsed body', () => {
    passes('json(body).data[0].state == "UP"', http);
    passes('json(body).data[0].n >= 3', http);
    passes('json(body).data[0].n in [1, 3]', http);
    passes('json(body).tags contains "b"', http);
    passes('json(body)["ok"] == true', http);
    passes('json(body).data[0].state matches "^U"', http);
    passes('json(body) contains 7', { body: '[5, 7]' });
    passes('json(body).x != "y"', { body: '{"x":"z"}' });
  });

  it('makes an out-of-range index false with an explanation', () => {
    const outcome = run('json(body).data[5].state == "UP"', http);
    assert.equal(outcome.passed, false);
    assert.equal(outcome.error, 'json(body).data[5] is missing (json(body).data has 1 item)');
    assert.deepEqual(outcome.observed, { 'json(body).data[5].state': null });
  });

  it('reports missing keys, wrong containers, nulls and wrong types', () => {
    assert.equal(run('json(body).nope == 1', http).error, 'json(body).nope is missing');
    assert.equal(
      run('json(body).ok[0] == 1', http).error,
      'json(body).ok is a boolean, not a list',
    );
    assert.equal(
      run('json(body).gone == 1', http).error,
      'json(body).gone is null, expected a number',
    );
    assert.equal(
      run('json(body).data[0].state == 1', http).error,
      'json(body).data[0].state is a string, expected a number',
    );
    assert.equal(
      run('json(body).data < 5', http).error,
      'json(body).data is a list, expected a number',
    );
  });

  it('makes invalid or cut-short JSON false with the reason', () => {
    const invalid = run('json(body).a == 1', { body: '<html>' });
    assert.equal(invalid.passed, false);
    assert.match(invalid.error ?? '', /^body is not valid JSON: /);
    const cut = run('json(body).a == 1', { body: '{"a":', body_truncated: true });
    assert.match(cut.error ?? '', /^body is not valid JSON \(it was cut short\)/);
  });

  it('parses the body once per evaluation however many json() comparisons there are', () => {
    let reads = 0;
    const facts = {
      get body() {
        reads++;
        return '{"a":1,"b":2}';
      },
    } as CheckFacts;
    assert.equal(
      run('json(body).a == 1 and json(body).b == 2 and json(body).a < 2', facts).passed,
      true,
    );
    assert.equal(reads, 1);
  });

  it('looks headers up without regard to case', () => {
    passes('header("Content-Type") contains "json"', http);
    passes('header("CONTENT-TYPE") matches "charset=utf-8$"', http);
    passes('header("x-custom") == "1"', { headers: { 'X-Custom': '1' } });
    passes('header("set-cookie") == "a=1, b=2"', http);
    const missing = run('header("x-missing") == "1"', http);
    assert.equal(missing.passed, false);
    assert.equal(missing.error, 'header("x-missing") is missing');
  });
});

describe('evaluateCondition: undecidable values and logic', () => {
  it('makes a missing or ill-typed fact false with an error, also under not and negated operators', () => {
    const missing = run('status == 200', {});
    assert.deepEqual(missing, {
      condition: 'status == 200',
      passed: false,
      observed: { status: null },
      error: 'status is missing',
    });
    assert.equal(run('not status == 200', {}).passed, false);
    assert.equal(
      run('status != 200', { status: '200' } as unknown as CheckFacts).error,
      'status is a string, expected a number',
    );
    assert.equal(run('body not contains "x"', { body: 5 } as unknown as CheckFacts).passed, false);
    assert.equal(
      run('latency < 5s', { latency: Number.NaN }).error,
      'latency is not a finite number (NaN), expected a number of milliseconds',
    );
    assert.equal(
      run('cert.valid == true', { cert: 'yes' } as unknown as CheckFacts).error,
      'cert is not an object',
    );
  });

  it('never reads inherited properties of the facts', () => {
    assert.equal(run('body contains "function"', {}).error, 'body is missing');
    assert.equal(
      run('json(body).constructor == 1', { body: '{}' }).error,
      'json(body).constructor is missing',
    );
  });

  it('decides and/or when one side settles it, and reports an error otherwise', () => {
    assert.deepEqual(
      run('status == 503 or json(body).x == 1', { status: 503, body: 'x' }).passed,
      true,
    );
    const falseAnd = run('status == 200 and json(body).x == 1', { status: 503, body: 'x' });
    assert.equal(falseAnd.passed, false);
    assert.equal(falseAnd.error, undefined);
    const unknownAnd = run('status == 503 and json(body).x == 1', { status: 503, body: 'x' });
    assert.equal(unknownAnd.passed, false);
    assert.match(unknownAnd.error ?? '', /not valid JSON/);
  });

  it('records every value it looked at, even when the answer was settled early', () => {
    const outcome = run('status == 200 and latency < 500ms and body contains "x"', {
      status: 503,
      latency: 812,
      body: 'x'.repeat(1000),
    });
    assert.deepEqual(Object.keys(outcome.observed), ['status', 'latency', 'body']);
    assert.equal(outcome.observed.status, 503);
    assert.equal((outcome.observed.body as string).length, 201);
  });

  it('reports malformed hand-built trees instead of throwing', () => {
    const bogus = { kind: 'comparison', subject: { kind: 'field', name: 'status' } } as never;
    const outcome = evaluateCondition(bogus, { status: 200 });
    assert.equal(outcome.passed, false);
    assert.match(outcome.error ?? '', /could not be evaluated|malformed/);
    assert.equal(evaluateCondition({ kind: 'nope' } as never, {}).passed, false);
  });
});
