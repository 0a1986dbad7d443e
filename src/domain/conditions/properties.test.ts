// Properties: parse∘print round-trips on random well-typed trees; parsing and evaluation are total; `not` negates.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import {
  CONDITION_FIELDS,
  DURATION_UNITS,
  evaluateCondition,
  parseCondition,
  printCondition,
  type CheckFacts,
  type Comparison,
  type Condition,
  type FactType,
  type Literal,
  type Subject,
} from './index.js';
import { compileSafeRegex } from './regex-safety.js';
import { operatorsFor, valueRule } from './typing.js';

// Any UTF-16 unit, so lone surrogates and control characters are exercised too.
const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength,
    }),
  );

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

const literalOf: Record<Literal['kind'], fc.Arbitrary<Literal>> = {
  number: finite.map((value) => ({ kind: 'number', value })),
  string: anyText(20).map((value) => ({ kind: 'string', value })),
  boolean: fc.boolean().map((value) => ({ kind: 'boolean', value })),
  duration: fc
    .record({
      amount: fc.double({ noNaN: true, min: -1e12, max: 1e12 }),
      unit: fc.constantFrom(...DURATION_UNITS),
    })
    .map(({ amount, unit }) => ({ kind: 'duration', amount, unit })),
};

const safePattern = fc
  .oneof(
    fc.constantFrom('^OK', '(?i)up', 'a+b*', '\\d{3}', '[a-z]+$', '', '(a+)+$'),
    fc.string({ maxLength: 30 }).map((s) => RE2JS.quote(s)),
  )
  .filter((pattern) => compileSafeRegex(pattern).ok);

const subjectWithType: fc.Arbitrary<[Subject, FactType]> = fc.oneof(
  fc
    .constantFrom(...Object.keys(CONDITION_FIELDS))
    .map((name): [Subject, FactType] => [
      { kind: 'field', name },
      CONDITION_FIELDS[name]?.type ?? 'any',
    ]),
  fc
    .stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,20}$/)
    .map((name): [Subject, FactType] => [{ kind: 'header', name }, 'string']),
  fc
    .oneof(
      fc.array(fc.oneof(anyText(8), fc.nat({ max: 1000 })), { maxLength: 4 }),
      // Paths that exist in the bodies generated below, so comparisons are often decided.
      fc.constantFrom<(string | number)[]>([], ['data'], ['data', 0, 'state'], ['a'], ['data', 3]),
    )
    .map((path): [Subject, FactType] => [{ kind: 'json', path }, 'any']),
);

const comparison: fc.Arbitrary<Condition> = subjectWithType.chain(([subject, type]) =>
  fc.constantFrom(...operatorsFor(type)).chain((operator) => {
    const rule = valueRule(type, operator);
    assert.ok(rule, `${type} ${operator}`);
    const literal = rule.regex
      ? safePattern.map((value): Literal => ({ kind: 'string', value }))
      : fc.oneof(...rule.kinds.map((kind) => literalOf[kind]));
    const value = rule.list
      ? fc.array(literal, { maxLength: 4 }).map((items) => ({ kind: 'list' as const, items }))
      : literal;
    return value.map((v): Comparison => ({ kind: 'comparison', subject, operator, value: v }));
  }),
);

const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { maxDepth: 5, depthSize: 'small', withCrossShrink: true },
    comparison,
    tie('condition').map((operand): Condition => ({ kind: 'not', operand })),
    fc
      .tuple(fc.constantFrom('and' as const, 'or' as const), tie('condition'), tie('condition'))
      .map(([kind, left, right]): Condition => ({ kind, left, right })),
  ),
}));

const wellTypedFacts: fc.Arbitrary<CheckFacts> = fc.record(
  {
    status: fc.integer({ min: 100, max: 599 }),
    latency: fc.double({ noNaN: true, min: 0, max: 1e6 }),
    body: fc.oneof(
      fc.json(),
      anyText(50),
      fc.constantFrom('{"data":[{"state":"UP"}],"a":1}', '{"data":[{"state":"DOWN"}],"a":"UP"}'),
    ),
    headers: fc.dictionary(fc.stringMatching(/^[a-z-]{1,10}$/), anyText(20)),
    cert: fc.record(
      { expires_in: fc.integer(), valid: fc.boolean(), hostname_match: fc.boolean() },
      { requiredKeys: [] },
    ),
    dns: fc.record({ answers: fc.array(fc.string({ maxLength: 15 }), { maxLength: 4 }) }),
    tcp: fc.record({ connected: fc.boolean() }),
  },
  { requiredKeys: [] },
);

const hugeString = fc.integer({ min: 0, max: 300_000 }).map((n) => '{"a":'.padEnd(n, 'a'));

const anyFacts: fc.Arbitrary<CheckFacts> = fc.oneof(
  wellTypedFacts,
  fc.record(
    {
      status: fc.anything(),
      latency: fc.oneof(fc.anything(), fc.constantFrom(Number.NaN, Infinity, -Infinity)),
      body: fc.oneof(fc.anything(), hugeString),
      headers: fc.anything(),
      cert: fc.anything(),
      dns: fc.oneof(fc.anything(), fc.record({ answers: fc.array(fc.anything()) })),
      tcp: fc.anything(),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<CheckFacts>,
  fc.anything() as fc.Arbitrary<CheckFacts>,
);

describe('condition properties', () => {
  it('parse(print(tree)) gives the tree back, and printing is canonical', () => {
    fc.assert(
      fc.property(condition, (tree) => {
        const text = printCondition(tree);
        const parsed = parseCondition(text);
        if (!parsed.ok) assert.fail(`${text}\n${parsed.error.message}`);
        assert.deepStrictEqual(parsed.ast, tree);
        assert.equal(printCondition(parsed.ast), text);
      }),
      { numRuns: 400 },
    );
  });

  it('parsing never throws and errors point inside the text', () => {
    const mangled = fc
      .tuple(condition.map(printCondition), fc.nat(), fc.nat(), anyText(3))
      .map(([text, at, cut, insert]) => {
        const chars = Array.from(text);
        const i = at % (chars.length + 1);
        return [...chars.slice(0, i), insert, ...chars.slice(i + (cut % 4))].join('');
      });
    fc.assert(
      fc.property(fc.oneof(anyText(60), mangled), (text) => {
        const result = parseCondition(text);
        if (!result.ok) {
          const length = Array.from(text).length;
          assert.ok(
            result.error.column >= 1 && result.error.column <= length + 1,
            result.error.message,
          );
          assert.ok(result.error.message.startsWith(`column ${result.error.column}: `));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('evaluation is total: any tree, any facts, a boolean outcome and JSON-safe observed values', () => {
    fc.assert(
      fc.property(condition, anyFacts, (tree, facts) => {
        const outcome = evaluateCondition(tree, facts);
        assert.equal(typeof outcome.passed, 'boolean');
        if (outcome.error !== undefined) {
          assert.equal(outcome.passed, false);
          assert.equal(typeof outcome.error, 'string');
        }
        assert.deepStrictEqual(JSON.parse(JSON.stringify(outcome.observed)), outcome.observed);
      }),
      { numRuns: 300 },
    );
  });

  it('not negates a decided outcome and keeps an undecided one undecided', () => {
    let decided = 0;
    fc.assert(
      fc.property(condition, wellTypedFacts, (tree, facts) => {
        const plain = evaluateCondition(tree, facts);
        const negated = evaluateCondition({ kind: 'not', operand: tree }, facts);
        decided += plain.error === undefined ? 1 : 0;
        if (plain.error === undefined) {
          assert.equal(negated.error, undefined);
          assert.equal(negated.passed, !plain.passed);
        } else {
          assert.equal(negated.passed, false);
          assert.equal(negated.error, plain.error);
        }
      }),
      { numRuns: 300 },
    );
    // The law is only interesting if many outcomes are decided; guard the generators' usefulness.
    assert.ok(decided > 30, `only ${decided} of 300 outcomes were decided`);
  });

  it('negated operators are the negation of their positive forms when decided', () => {
    const pairs = [
      ['status in [200, 204]', 'status not in [200, 204]'],
      ['body contains "UP"', 'body not contains "UP"'],
      ['body matches "^\\\\{"', 'body not matches "^\\\\{"'],
      ['status == 200', 'status != 200'],
      ['latency < 1s', 'latency >= 1s'],
      ['latency > 1s', 'latency <= 1s'],
    ];
    fc.assert(
      fc.property(wellTypedFacts, fc.constantFrom(...pairs), (facts, [positive, negative]) => {
        const p = parseCondition(positive ?? '');
        const n = parseCondition(negative ?? '');
        assert.ok(p.ok && n.ok);
        const a = evaluateCondition(p.ast, facts);
        const b = evaluateCondition(n.ast, facts);
        assert.equal(a.error, b.error);
        if (a.error === undefined) assert.equal(b.passed, !a.passed);
      }),
    );
  });
});
