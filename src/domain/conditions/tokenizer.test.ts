// Tokenizer: token kinds, their start columns, literal values, and lexical errors at exact columns.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConditionSyntaxError } from './syntax-error.js';
import { tokenize, type Token } from './tokenizer.js';

const brief = (tokens: Token[]) => tokens.map((t) => [t.kind, t.text, t.column]);

function lexError(text: string): ConditionSyntaxError {
  try {
    tokenize(text);
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return error;
    throw error;
  }
  assert.fail(`expected a lexical error for ${text}`);
}

describe('tokenize', () => {
  it('gives every token its 1-based start column and ends with an end token', () => {
    assert.deepEqual(brief(tokenize('status  ==200')), [
      ['word', 'status', 1],
      ['symbol', '==', 9],
      ['number', '200', 11],
      ['end', '', 14],
    ]);
  });

  it('reads two-character operators before one-character ones', () => {
    assert.deepEqual(
      tokenize('<= >= != == < > ( ) [ ] , .').map((t) => t.text),
      ['<=', '>=', '!=', '==', '<', '>', '(', ')', '[', ']', ',', '.', ''],
    );
  });

  it('reads integers, decimals, negatives and exponents as numbers', () => {
    const values = tokenize('0 42 -7 3.25 -0.5 1e3 2.5E-2 1e+21').flatMap((t) =>
      t.kind === 'number' ? [t.value] : [],
    );
    assert.deepEqual(values, [0, 42, -7, 3.25, -0.5, 1000, 0.025, 1e21]);
  });

  it('reads a number glued to a unit as a duration', () => {
    const durations = tokenize('500ms 1.5s 5m 2h 14d').flatMap((t) =>
      t.kind === 'duration' ? [[t.amount, t.unit]] : [],
    );
    assert.deepEqual(durations, [
      [500, 'ms'],
      [1.5, 's'],
      [5, 'm'],
      [2, 'h'],
      [14, 'd'],
    ]);
  });

  it('leaves a dot after an index to the path (data[0].state)', () => {
    assert.deepEqual(
      tokenize('[0].state').map((t) => t.text),
      ['[', '0', ']', '.', 'state', ''],
    );
    assert.deepEqual(
      tokenize('5.x').map((t) => t.kind),
      ['number', 'symbol', 'word', 'end'],
    );
  });

  it('decodes string escapes', () => {
    const [token] = tokenize('"a\\"b\\\\c\\nd\\te\\r\\/\\u00e9\\u2603"');
    assert.equal(token?.kind, 'string');
    assert.equal(token.kind === 'string' && token.value, 'a"b\\c\nd\te\r/é☃');
  });

  it('counts columns in characters, not UTF-16 units', () => {
    const tokens = tokenize('body contains "😀😀" and');
    // b-o-d-y, space, contains, space, quote, two emoji, quote, space: "and" starts at column 20.
    assert.equal(tokens[3]?.column, 20);
  });

  it('reports an unterminated string at its opening quote', () => {
    const error = lexError('body contains "ok');
    assert.equal(error.column, 15);
    assert.match(error.message, /^column 15: unterminated string/);
    assert.deepEqual(error.expected, ['"']);
    assert.equal(lexError('body == "ok\\').column, 9);
  });

  it('reports an unknown escape at its backslash', () => {
    const error = lexError('body matches "\\d+"');
    assert.equal(error.column, 15);
    assert.match(error.message, /unknown escape \\d/);
  });

  it('reports a short \\u escape at its backslash', () => {
    assert.equal(lexError('body == "ab\\u12"').column, 12);
  });

  it('reports an unknown duration unit at the unit', () => {
    const error = lexError('latency < 500sec');
    assert.equal(error.column, 14);
    assert.deepEqual(error.expected, ['ms', 's', 'm', 'h', 'd']);
  });

  it('reports a single = or ! with what was meant', () => {
    assert.deepEqual(
      [lexError('status = 200').column, lexError('status = 200').expected],
      [8, ['==']],
    );
    assert.deepEqual(lexError('status ! 200').expected, ['!=']);
  });

  it('reports single quotes and stray characters', () => {
    assert.equal(lexError("body contains 'ok'").column, 15);
    assert.equal(lexError('status == 200 && latency < 5').column, 15);
  });

  it('refuses numbers that overflow to infinity', () => {
    assert.match(lexError('status == 1e999').message, /column 11: number 1e999 is too large/);
  });
});
