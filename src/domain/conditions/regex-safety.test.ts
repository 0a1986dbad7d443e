// Regular expressions: size limits at parse time, linear-time matching, bounded input, known evil patterns.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCondition, parseCondition } from './index.js';
import {
  MAX_PATTERN_LENGTH,
  MAX_PROGRAM_SIZE,
  MAX_SCANNED_CHARS,
  compileSafeRegex,
  safeRegexTest,
} from './regex-safety.js';
import { printString } from './printer.js';

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
}

/** `body matches "<pattern>"`, evaluated against body. */
function matchBody(pattern: string, body: string) {
  const parsed = parseCondition(`body matches ${printString(pattern)}`);
  if (!parsed.ok) assert.fail(parsed.error.message);
  return evaluateCondition(parsed.ast, { body });
}

describe('regular expression safety', () => {
  const evil = [
    '(a+)+$',
    '(a|aa)+$',
    '(a|a)*$',
    '(a*)*b',
    '(\\w+\\s?)*$',
    '^(([a-z])+.)+[A-Z]([a-z])+$',
  ];

  for (const pattern of evil) {
    it(`finishes ${pattern} quickly on a long near-miss input`, () => {
      const [outcome, ms] = timed(() => matchBody(pattern, `${'a'.repeat(30)}!`));
      assert.equal(outcome.error, undefined);
      const [, bigMs] = timed(() => matchBody(pattern, `${'a'.repeat(MAX_SCANNED_CHARS)}!`));
      // A backtracking engine needs years for these; the budget is generous for a slow CI machine.
      assert.ok(ms < 200 && bigMs < 1_000, `${pattern}: ${ms} ms / ${bigMs} ms`);
    });
  }

  it('gives the right answer on the classic (a+)+$ case', () => {
    assert.equal(matchBody('(a+)+$', `${'a'.repeat(30)}!`).passed, false);
    assert.equal(matchBody('(a+)+$', 'a'.repeat(30)).passed, true);
  });

  it('rejects backreferences and lookaround at parse time, at the pattern column', () => {
    for (const pattern of ['(a)\\1', '(?=a)b', '(?!a)b', '(?<=a)b']) {
      const result = parseCondition(`body matches ${printString(pattern)}`);
      assert.equal(result.ok, false, pattern);
      if (!result.ok) {
        assert.equal(result.error.column, 14);
        assert.match(
          result.error.message,
          /invalid regular expression: .*no backreferences or lookaround/,
        );
        assert.deepEqual(result.error.expected, ['a regular expression in RE2 syntax']);
      }
    }
  });

  it('rejects patterns over the length limit', () => {
    const pattern = 'a'.repeat(MAX_PATTERN_LENGTH + 1);
    const result = parseCondition(`body matches "${pattern}"`);
    assert.equal(result.ok, false);
    if (!result.ok)
      assert.match(
        result.error.message,
        /column 14: regular expression is 257 characters long; the limit is 256/,
      );
    assert.equal(compileSafeRegex('a'.repeat(MAX_PATTERN_LENGTH)).ok, true);
  });

  it('rejects patterns whose compiled program is too large', () => {
    const check = compileSafeRegex('[a-z]{0,1000}[0-9]{0,1000}x');
    assert.equal(check.ok, false);
    if (!check.ok) assert.match(check.message, new RegExp(`the limit is ${MAX_PROGRAM_SIZE}`));
    assert.equal(compileSafeRegex('((a{100}){100}){100}').ok, false);
  });

  it('scans only the first 64 KiB of the input', () => {
    const check = compileSafeRegex('needle');
    assert.ok(check.ok);
    const far = `${'x'.repeat(MAX_SCANNED_CHARS)}needle`;
    const near = `${'x'.repeat(MAX_SCANNED_CHARS - 6)}needle`;
    assert.equal(safeRegexTest(check.regex, far), false);
    assert.equal(safeRegexTest(check.regex, near), true);
  });

  it('stays fast on the most complex pattern allowed over the longest input scanned', () => {
    const check = compileSafeRegex('(?:[ab]{0,300}){1,3}b{5}a{6}c');
    assert.ok(check.ok);
    const input = Array.from({ length: MAX_SCANNED_CHARS }, (_, i) =>
      (i * 7) % 3 ? 'a' : 'b',
    ).join('');
    const [, ms] = timed(() => safeRegexTest(check.regex, `${input}c`));
    assert.ok(ms < 2_000, `${ms} ms`);
  });

  it('also refuses an unsafe pattern in a hand-built tree at evaluation time', () => {
    const outcome = evaluateCondition(
      {
        kind: 'comparison',
        subject: { kind: 'field', name: 'body' },
        operator: 'matches',
        value: { kind: 'string', value: '(a)\\1' },
      },
      { body: 'aa' },
    );
    assert.equal(outcome.passed, false);
    assert.match(outcome.error ?? '', /invalid regular expression/);
  });
});
