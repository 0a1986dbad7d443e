// Recursive-descent parser: `or` < `and` < `not` < comparison, with type checks and errors at exact columns.
import {
  durationMs,
  type ComparisonOperator,
  type Condition,
  type ConditionValue,
  type JsonPathSegment,
  type Literal,
  type Subject,
} from './ast.js';
import { CONDITION_FIELDS, fieldType, type FactType } from './facts.js';
import { printSubject } from './printer.js';
import { compileSafeRegex } from './regex-safety.js';
import { ConditionSyntaxError, listWords } from './syntax-error.js';
import { TokenCursor } from './token-cursor.js';
import type { Token } from './tokenizer.js';
import { describeFactType, operatorsFor, valueRule, type ValueRule } from './typing.js';

/** Deeper nesting of parentheses and `not` is refused (it also keeps recursion shallow). */
export const MAX_NESTING = 64;

const COMPARISON_SYMBOLS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const WORD_OPERATORS = new Set(['in', 'contains', 'matches']);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SUBJECT_EXPECTED = ['a field', 'json(body)', 'header("name")', 'not', '('];
const LITERAL_WORDS: Record<Literal['kind'], string> = {
  number: 'a number',
  duration: 'a duration',
  string: 'a string',
  boolean: 'true or false',
};

export function parseTokens(tokens: readonly Token[]): Condition {
  const parser = new Parser(tokens);
  const condition = parser.orExpression();
  parser.expectEnd();
  return condition;
}

class Parser extends TokenCursor {
  private depth = 0;

  private nest(at: Token): void {
    if (++this.depth > MAX_NESTING) {
      throw new ConditionSyntaxError(
        at.column,
        `conditions may nest at most ${MAX_NESTING} levels deep`,
        [],
      );
    }
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end')
      this.fail(token, ['and', 'or', 'end of input'], '"and", "or" or end of input');
  }

  orExpression(): Condition {
    let left = this.andExpression();
    while (this.isWord('or')) {
      this.advance();
      left = { kind: 'or', left, right: this.andExpression() };
    }
    return left;
  }

  private andExpression(): Condition {
    let left = this.notExpression();
    while (this.isWord('and')) {
      this.advance();
      left = { kind: 'and', left, right: this.notExpression() };
    }
    return left;
  }

  private notExpression(): Condition {
    if (!this.isWord('not')) return this.primary();
    this.nest(this.advance());
    const operand = this.notExpression();
    this.depth--;
    return { kind: 'not', operand };
  }

  private primary(): Condition {
    if (!this.isSymbol('(')) return this.comparison();
    this.nest(this.advance());
    const inner = this.orExpression();
    if (!this.isSymbol(')')) this.fail(this.peek(), ['and', 'or', ')'], '"and", "or" or ")"');
    this.advance();
    this.depth--;
    return inner;
  }

  private comparison(): Condition {
    const { subject, type, text } = this.subject();
    const operatorToken = this.peek();
    const operator = this.operator(type, text);
    const rule = valueRule(type, operator);
    if (rule === undefined) {
      const allowed = [...operatorsFor(type)];
      this.fail(
        operatorToken,
        allowed,
        listWords(allowed),
        `after ${text} (${describeFactType(type)})`,
      );
    }
    const value = this.value(rule, operator);
    return { kind: 'comparison', subject, operator, value };
  }

  private subject(): { subject: Subject; type: FactType; text: string } {
    const first = this.peek();
    if (
      first.kind !== 'word' ||
      ['and', 'or', 'not', 'in', 'contains', 'matches', 'true', 'false'].includes(first.text)
    ) {
      this.fail(first, SUBJECT_EXPECTED, 'a field, json(body), header("name"), "not" or "("');
    }
    this.advance();
    if (first.text === 'json') return this.jsonSubject();
    if (first.text === 'header') return this.headerSubject();
    let name = first.text;
    while (this.isSymbol('.') && this.peek(1).kind === 'word') {
      this.advance();
      name += `.${this.advance().text}`;
    }
    const type = fieldType(name);
    if (type === undefined) {
      const known = [...Object.keys(CONDITION_FIELDS), 'json(body)', 'header("name")'];
      throw new ConditionSyntaxError(
        first.column,
        `unknown field "${name}"; expected one of ${known.join(', ')}`,
        known,
      );
    }
    return { subject: { kind: 'field', name }, type, text: name };
  }

  private jsonSubject(): { subject: Subject; type: FactType; text: string } {
    this.expectSymbol('(', 'json');
    if (!this.isWord('body')) this.fail(this.peek(), ['body'], undefined, 'after "json("');
    this.advance();
    this.expectSymbol(')', '"json(body"');
    const path: JsonPathSegment[] = [];
    for (;;) {
      if (this.isSymbol('.')) {
        this.advance();
        const key = this.peek();
        if (key.kind !== 'word') this.fail(key, ['a key name'], undefined, 'after "."');
        path.push(this.advance().text);
      } else if (this.isSymbol('[')) {
        this.advance();
        path.push(this.bracketSegment());
        this.expectSymbol(']', 'the index');
      } else {
        const subject: Subject = { kind: 'json', path };
        return { subject, type: 'any', text: printSubject(subject) };
      }
    }
  }

  private bracketSegment(): JsonPathSegment {
    const token = this.peek();
    if (token.kind === 'string') return (this.advance(), token.value);
    if (
      token.kind === 'number' &&
      Number.isSafeInteger(token.value) &&
      token.value >= 0 &&
      !token.text.startsWith('-')
    ) {
      this.advance();
      return token.value;
    }
    return this.fail(
      token,
      ['a non-negative whole number', 'a quoted key'],
      'an array index (0, 1, ...) or a quoted key',
      'after "["',
    );
  }

  private headerSubject(): { subject: Subject; type: FactType; text: string } {
    this.expectSymbol('(', 'header');
    const token = this.peek();
    if (token.kind !== 'string' || !HEADER_NAME.test(token.value)) {
      this.fail(token, ['a header name in quotes'], undefined, 'after "header("');
    }
    this.advance();
    this.expectSymbol(')', 'the header name');
    const subject: Subject = { kind: 'header', name: token.value };
    return { subject, type: 'string', text: printSubject(subject) };
  }

  private operator(type: FactType, subjectText: string): ComparisonOperator {
    const token = this.peek();
    if (token.kind === 'symbol' && COMPARISON_SYMBOLS.has(token.text)) {
      this.advance();
      return token.text as ComparisonOperator;
    }
    if (token.kind === 'word' && WORD_OPERATORS.has(token.text)) {
      this.advance();
      return token.text as ComparisonOperator;
    }
    if (token.kind === 'word' && token.text === 'not') {
      this.advance();
      const next = this.peek();
      if (next.kind !== 'word' || !WORD_OPERATORS.has(next.text)) {
        this.fail(
          next,
          ['in', 'contains', 'matches'],
          '"in", "contains" or "matches"',
          'after "not"',
        );
      }
      this.advance();
      return `not ${next.text}` as ComparisonOperator;
    }
    const allowed = [...operatorsFor(type)];
    return this.fail(token, allowed, `an operator (${listWords(allowed)})`, `after ${subjectText}`);
  }

  private value(rule: ValueRule, operator: ComparisonOperator): ConditionValue {
    const token = this.peek();
    const after = `after "${operator}"`;
    if (this.isSymbol('[')) {
      if (!rule.list) this.fail(token, [rule.expected], undefined, after);
      this.advance();
      const items: Literal[] = [];
      const element = rule.kinds.map((kind) => LITERAL_WORDS[kind]);
      while (!this.isSymbol(']')) {
        if (items.length > 0) {
          if (!this.isSymbol(',')) this.fail(this.peek(), [',', ']'], '"," or "]"', 'in the list');
          this.advance();
        }
        items.push(this.literal(rule, element, 'in the list'));
      }
      this.advance();
      return { kind: 'list', items };
    }
    if (rule.list) this.fail(token, [rule.expected], undefined, after);
    return this.literal(rule, [rule.expected], after);
  }

  private literal(rule: ValueRule, expected: string[], context: string): Literal {
    const token = this.peek();
    const literal = literalOf(token);
    if (literal === undefined || !rule.kinds.includes(literal.kind)) {
      return this.fail(token, expected, undefined, context);
    }
    if (literal.kind === 'duration' && !Number.isFinite(durationMs(literal.amount, literal.unit))) {
      throw new ConditionSyntaxError(token.column, `duration ${token.text} is too large`, [
        'a shorter duration',
      ]);
    }
    if (rule.regex && literal.kind === 'string') {
      const check = compileSafeRegex(literal.value);
      if (!check.ok) {
        throw new ConditionSyntaxError(token.column, check.message, [
          'a regular expression in RE2 syntax',
        ]);
      }
    }
    this.advance();
    return literal;
  }
}

function literalOf(token: Token): Literal | undefined {
  switch (token.kind) {
    case 'number':
      return { kind: 'number', value: token.value };
    case 'duration':
      return { kind: 'duration', amount: token.amount, unit: token.unit };
    case 'string':
      return { kind: 'string', value: token.value };
    case 'word':
      if (token.text === 'true' || token.text === 'false') {
        return { kind: 'boolean', value: token.text === 'true' };
      }
      return undefined;
    default:
      return undefined;
  }
}
