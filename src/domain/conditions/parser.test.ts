// Parser: every syntax form's tree, precedence, and each error with its exact column and expectations.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCondition, type Condition } from './index.js';

function ast(text: string): Condition {
  const result = parseCondition(text);
  if (!result.ok) assert.fail(`${text}: ${result.error.message}`);
  return result.ast;
}

function error(text: string) {
  const result = parseCondition(text);
  if (result.ok) assert.fail(`expected ${text} to be rejected`);
  return result.error;
}

const field = (name: string) => ({ kind: 'field', name }) as const;
const num = (value: number) => ({ kind: 'number', value }) as const;
const str = (value: string) => ({ kind: 'string', value }) as const;

describe('parseCondition: the forms of the language', () => {
  it('parses each example of the issue', () => {
    assert.deepEqual(ast('status == 200'), {
      kind: 'comparison',
      subject: field('status'),
      operator: '==',
      value: num(200),
    });
    assert.deepEqual(ast('status in [200, 204]'), {
      kind: 'comparison',
      subject: field('status'),
      operator: 'in',
      value: { kind: 'list', items: [num(200), num(204)] },
    });
    assert.deepEqual(ast('latency < 500ms'), {
      kind: 'comparison',
      subject: field('latency'),
      operator: '<',
      value: { kind: 'duration', amount: 500, unit: 'ms' },
    });
    assert.deepEqual(ast('body contains "ok"').kind, 'comparison');
    assert.deepEqual(ast('body matches "^OK"'), {
      kind: 'comparison',
      subject: field('body'),
      operator: 'matches',
      value: str('^OK'),
    });
    assert.deepEqual(ast('json(body).data[0].state == "UP"'), {
      kind: 'comparison',
      subject: { kind: 'json', path: ['data', 0, 'state'] },
      operator: '==',
      value: str('UP'),
    });
    assert.deepEqual(ast('header("content-type") contains "json"'), {
      kind: 'comparison',
      subject: { kind: 'header', name: 'content-type' },
      operator: 'contains',
      value: str('json'),
    });
    assert.deepEqual(ast('cert.expires_in > 14d'), {
      kind: 'comparison',
      subject: field('cert.expires_in'),
      operator: '>',
      value: { kind: 'duration', amount: 14, unit: 'd' },
    });
    assert.equal(ast('dns.answers contains "10.0.0.1"').kind, 'comparison');
    assert.deepEqual(ast('tcp.connected == true'), {
      kind: 'comparison',
      subject: field('tcp.connected'),
      operator: '==',
      value: { kind: 'boolean', value: true },
    });
  });

  it('accepts every operator, including the not-prefixed ones', () => {
    for (const op of ['==', '!=', '<', '<=', '>', '>=']) {
      assert.equal((ast(`status ${op} 200`) as { operator: string }).operator, op);
    }
    assert.equal((ast('status not in [500]') as { operator: string }).operator, 'not in');
    assert.equal((ast('body not contains "x"') as { operator: string }).operator, 'not contains');
    assert.equal((ast('body not matches "x"') as { operator: string }).operator, 'not matches');
  });

  it('accepts negative and fractional numbers, empty lists, and quoted json keys', () => {
    assert.deepEqual((ast('json(body).t >= -1.5') as { value: unknown }).value, num(-1.5));
    assert.deepEqual((ast('status in []') as { value: unknown }).value, {
      kind: 'list',
      items: [],
    });
    assert.deepEqual((ast('json(body)["a-b"][2].c == 1') as { subject: unknown }).subject, {
      kind: 'json',
      path: ['a-b', 2, 'c'],
    });
    assert.deepEqual((ast('json(body) == 1') as { subject: unknown }).subject, {
      kind: 'json',
      path: [],
    });
  });

  it('accepts keywords as json keys after a dot', () => {
    assert.deepEqual((ast('json(body).and.in.not == 1') as { subject: unknown }).subject, {
      kind: 'json',
      path: ['and', 'in', 'not'],
    });
  });

  it('accepts milliseconds or durations for duration fields', () => {
    assert.deepEqual((ast('latency < 500') as { value: unknown }).value, num(500));
    assert.equal(ast('latency in [100ms, 1s, 250]').kind, 'comparison');
  });

  it('ignores spaces, tabs and newlines between tokens', () => {
    assert.deepEqual(
      ast(' status==200\n\tand\tlatency<1s '),
      ast('status == 200 and latency < 1s'),
    );
  });
});

describe('parseCondition: precedence and grouping', () => {
  const a = 'status == 1';
  const b = 'status == 2';
  const c = 'status == 3';
  const A = ast(a);
  const B = ast(b);
  const C = ast(c);

  it('binds and tighter than or', () => {
    assert.deepEqual(ast(`${a} or ${b} and ${c}`), {
      kind: 'or',
      left: A,
      right: { kind: 'and', left: B, right: C },
    });
    assert.deepEqual(ast(`${a} and ${b} or ${c}`), {
      kind: 'or',
      left: { kind: 'and', left: A, right: B },
      right: C,
    });
  });

  it('binds not tighter than and', () => {
    assert.deepEqual(ast(`not ${a} and ${b}`), {
      kind: 'and',
      left: { kind: 'not', operand: A },
      right: B,
    });
    assert.deepEqual(ast(`not not ${a}`), {
      kind: 'not',
      operand: { kind: 'not', operand: A },
    });
  });

  it('groups chains to the left and lets parentheses override', () => {
    assert.deepEqual(ast(`${a} and ${b} and ${c}`), {
      kind: 'and',
      left: { kind: 'and', left: A, right: B },
      right: C,
    });
    assert.deepEqual(ast(`(${a} or ${b}) and not (${c})`), {
      kind: 'and',
      left: { kind: 'or', left: A, right: B },
      right: { kind: 'not', operand: C },
    });
  });
});

describe('parseCondition: errors point at the column and say what was expected', () => {
  const cases: [string, number, RegExp, string[]?][] = [
    ['status ==', 10, /expected a number after "==", found end of input/, ['a number']],
    ['', 1, /expected a field, json\(body\), header\("name"\), "not" or "\(", found end of input/],
    ['status 200', 8, /expected an operator \(==, .*\) after status, found number 200/],
    ['latency contains "x"', 9, /after latency \(a duration\), found "contains"/],
    ['status matches 5', 8, /after status \(a number\), found "matches"/],
    [
      'body matches 5',
      14,
      /expected a regular expression in a string after "matches", found number 5/,
    ],
    ['body < 5', 6, /expected ==, !=, in, not in, contains, not contains, matches or not matches/],
    ['status == "200"', 11, /expected a number after "==", found string "200"/, ['a number']],
    ['status == 200ms', 11, /found duration 200ms/],
    ['latency < "fast"', 11, /expected a number or a duration after "<", found string "fast"/],
    ['latency == "fast"', 12, /expected a duration \(e.g. 500ms\) or a number of ms after "=="/],
    ['tcp.connected == 1', 18, /expected true or false after "=="/],
    ['status in 200', 11, /expected a list of numbers after "in", found number 200/],
    ['status == [200]', 11, /expected a number after "==", found "\["/],
    ['status in [200, "x"]', 17, /expected a number in the list, found string "x"/],
    ['status in [200 204]', 16, /expected "," or "]" in the list, found number 204/, [',', ']']],
    ['stauts == 200', 1, /unknown field "stauts"; expected one of status, latency/],
    ['cert.expires == 1', 1, /unknown field "cert.expires"/],
    ['status == 200 latency < 5', 15, /expected "and", "or" or end of input, found "latency"/],
    ['(status == 200', 15, /expected "and", "or" or "\)", found end of input/, ['and', 'or', ')']],
    ['status == 200)', 14, /expected "and", "or" or end of input, found "\)"/],
    ['status not == 200', 12, /expected "in", "contains" or "matches" after "not", found "=="/],
    ['not', 4, /expected a field/],
    ['status == 200 and', 18, /expected a field/],
    ['and status == 200', 1, /expected a field/],
    ['json.x == 1', 5, /expected "\(" after json, found "\."/],
    ['json(status).x == 1', 6, /expected body after "json\(", found "status"/],
    ['json(body).0 == 1', 12, /expected a key name after "\.", found number 0/],
    ['json(body)[1.5] == 1', 12, /expected an array index \(0, 1, ...\) or a quoted key/],
    ['json(body)[0 == 1', 14, /expected "\]" after the index, found "=="/],
    [
      'header(content) == "x"',
      8,
      /expected a header name in quotes after "header\(", found "content"/,
    ],
    ['header("a b") == "x"', 8, /expected a header name in quotes/],
    ['status == "abc', 11, /unterminated string/],
    ['body matches "(a)\\\\1"', 14, /invalid regular expression: .*\\1/],
    ['body matches "(?=x)"', 14, /invalid regular expression/],
    ['latency < 1e308d', 11, /duration 1e308d is too large/],
  ];
  for (const [text, column, message, expected] of cases) {
    it(`rejects ${text || '(empty)'} at column ${column}`, () => {
      const found = error(text);
      assert.equal(found.column, column, found.message);
      assert.match(found.message, new RegExp(`^column ${column}: `));
      assert.match(found.message, message);
      if (expected) assert.deepEqual(found.expected, expected);
    });
  }

  it('lists the operators allowed for the subject in expected', () => {
    assert.deepEqual(error('tcp.connected contains "x"').expected, ['==', '!=']);
  });

  it('refuses conditions nested too deeply, and too long, without throwing', () => {
    const deep = `${'('.repeat(65)}status == 1${')'.repeat(65)}`;
    assert.match(error(deep).message, /^column 65: conditions may nest at most 64 levels/);
    assert.match(
      error(`${'not '.repeat(5000)}status == 1`).message,
      /at most 2000 characters|limit is 2000/,
    );
    assert.equal(error(`body == "${'x'.repeat(3000)}"`).column, 2001);
  });

  it('never throws for input that is not even a string', () => {
    const result = parseCondition(42 as unknown as string);
    assert.equal(result.ok, false);
  });
});
