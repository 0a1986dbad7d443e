// Prints a condition in canonical form; parsing the output gives back the same tree.
import type { Condition, ConditionValue, JsonPathSegment, Literal, Subject } from './ast.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function printCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'comparison':
      return `${printSubject(condition.subject)} ${condition.operator} ${printValue(condition.value)}`;
    case 'not':
      // `not` binds tighter than and/or; parentheses make `not (a and b)` read as intended.
      return condition.operand.kind === 'not'
        ? `not ${printCondition(condition.operand)}`
        : `not (${printCondition(condition.operand)})`;
    case 'and':
      // The parser groups chains to the left, so a right operand of the same kind needs parentheses.
      return `${printOperand(condition.left, ['or'])} and ${printOperand(condition.right, ['or', 'and'])}`;
    case 'or':
      return `${printCondition(condition.left)} or ${printOperand(condition.right, ['or'])}`;
  }
}

function printOperand(condition: Condition, needsParentheses: Condition['kind'][]): string {
  const text = printCondition(condition);
  return needsParentheses.includes(condition.kind) ? `(${text})` : text;
}

export function printSubject(subject: Subject): string {
  switch (subject.kind) {
    case 'field':
      return subject.name;
    case 'header':
      return `header(${printString(subject.name)})`;
    case 'json':
      return `json(body)${subject.path.map(printSegment).join('')}`;
  }
}

function printSegment(segment: JsonPathSegment): string {
  if (typeof segment === 'number') return `[${segment}]`;
  return IDENTIFIER.test(segment) ? `.${segment}` : `[${printString(segment)}]`;
}

export function printValue(value: ConditionValue): string {
  if (value.kind === 'list') return `[${value.items.map(printLiteral).join(', ')}]`;
  return printLiteral(value);
}

export function printLiteral(literal: Literal): string {
  switch (literal.kind) {
    case 'number':
      return printNumber(literal.value);
    case 'string':
      return printString(literal.value);
    case 'boolean':
      return literal.value ? 'true' : 'false';
    case 'duration':
      return `${printNumber(literal.amount)}${literal.unit}`;
  }
}

function printNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** A double-quoted string; control characters and lone surrogates as \uXXXX so output stays printable. */
export function printString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const c = value[i] ?? '';
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else if (c === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += unicodeEscape(code);
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += value.slice(i, i + 2);
        i++;
      } else out += unicodeEscape(code);
    } else if (code >= 0xdc00 && code <= 0xdfff) out += unicodeEscape(code);
    else out += c;
  }
  return `${out}"`;
}

function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}
