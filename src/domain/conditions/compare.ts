// Applies one comparison operator to a value read from the facts; a value of the wrong kind is an error, not false.
import { literalNumber, type Comparison, type Literal } from './ast.js';
import type { FactType } from './facts.js';
import { describeValue } from './fact-reader.js';
import { compileSafeRegex, safeRegexTest } from './regex-safety.js';
import { positiveOperator } from './typing.js';

export type Truth = { ok: true; truth: boolean } | { ok: false; error: string };

const yes: Truth = { ok: true, truth: true };
const no: Truth = { ok: true, truth: false };
const truthOf = (value: boolean): Truth => (value ? yes : no);
const error = (message: string): Truth => ({ ok: false, error: message });

type Family = 'number' | 'string' | 'boolean';

function literalFamily(literal: Literal): Family {
  return literal.kind === 'duration' ? 'number' : literal.kind;
}

function valueFamily(value: unknown): Family | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return typeof value as Family;
  return undefined;
}

const FAMILY_WORDS: Record<Family, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
};

/** The value must have the type the field table promises; json(body) values are checked per use. */
function checkFactType(type: FactType, value: unknown, label: string): Truth | undefined {
  const expected: Partial<Record<FactType, [string, (v: unknown) => boolean]>> = {
    number: ['a number', (v) => valueFamily(v) === 'number'],
    duration: ['a number of milliseconds', (v) => valueFamily(v) === 'number'],
    string: ['a string', (v) => typeof v === 'string'],
    boolean: ['a boolean', (v) => typeof v === 'boolean'],
    string_list: [
      'a list of strings',
      (v) => Array.isArray(v) && v.every((item) => typeof item === 'string'),
    ],
  };
  const rule = expected[type];
  if (rule === undefined || rule[1](value)) return undefined;
  return error(`${label} is ${describeValue(value)}, expected ${rule[0]}`);
}

/** Equality of a scalar fact with a literal of the same family; other families are an error. */
function equalsLiteral(actual: unknown, literal: Literal, label: string): Truth {
  const family = literalFamily(literal);
  if (valueFamily(actual) !== family) {
    return error(`${label} is ${describeValue(actual)}, expected ${FAMILY_WORDS[family]}`);
  }
  if (family === 'number') return truthOf(actual === literalNumber(literal));
  return truthOf(actual === (literal as { value: unknown }).value);
}

function isLiteral(value: Comparison['value']): value is Literal {
  return value.kind !== 'list';
}

function listItems(value: Comparison['value']): Literal[] | undefined {
  return value.kind === 'list' && Array.isArray(value.items) ? value.items : undefined;
}

function equality(actual: unknown, comparison: Comparison, label: string): Truth {
  const items = listItems(comparison.value);
  if (items !== undefined) {
    if (!Array.isArray(actual))
      return error(`${label} is ${describeValue(actual)}, expected a list`);
    // Answer order is not meaningful (DNS rotates records), so lists compare as sorted multisets.
    const wanted = items.map((item) => String((item as { value?: unknown }).value)).sort();
    const seen = actual.map(String).sort();
    return truthOf(wanted.length === seen.length && wanted.every((w, i) => w === seen[i]));
  }
  return equalsLiteral(actual, comparison.value as Literal, label);
}

function ordering(actual: unknown, comparison: Comparison, label: string, base: string): Truth {
  const bound = isLiteral(comparison.value) ? literalNumber(comparison.value) : undefined;
  if (bound === undefined)
    return error('the condition compares with something that is not a number');
  if (valueFamily(actual) !== 'number') {
    return error(`${label} is ${describeValue(actual)}, expected a number`);
  }
  const n = actual as number;
  if (base === '<') return truthOf(n < bound);
  if (base === '<=') return truthOf(n <= bound);
  if (base === '>') return truthOf(n > bound);
  return truthOf(n >= bound);
}

function membership(actual: unknown, comparison: Comparison, label: string): Truth {
  const items = listItems(comparison.value) ?? [];
  if (items.length === 0) return no;
  const family = valueFamily(actual);
  const comparable = items.filter((item) => literalFamily(item) === family);
  if (comparable.length === 0) {
    const wanted = [...new Set(items.map((item) => FAMILY_WORDS[literalFamily(item)]))];
    return error(`${label} is ${describeValue(actual)}, expected ${wanted.join(' or ')}`);
  }
  return truthOf(comparable.some((item) => equalsLiteral(actual, item, label) === yes));
}

function containment(actual: unknown, comparison: Comparison, label: string): Truth {
  if (!isLiteral(comparison.value)) return error('the condition looks for a list inside a value');
  const needle = comparison.value;
  if (typeof actual === 'string') {
    if (needle.kind !== 'string') return error(`${label} is a string, so it can only contain text`);
    return truthOf(actual.includes(needle.value));
  }
  if (Array.isArray(actual)) {
    return truthOf(actual.some((item) => equalsLiteral(item, needle, label) === yes));
  }
  return error(`${label} is ${describeValue(actual)}, expected a string or a list`);
}

function matching(actual: unknown, comparison: Comparison, label: string): Truth {
  const pattern = comparison.value;
  if (pattern.kind !== 'string') return error('the condition matches against a non-string pattern');
  const check = compileSafeRegex(pattern.value);
  if (!check.ok) return error(check.message);
  if (typeof actual === 'string') return truthOf(safeRegexTest(check.regex, actual));
  if (Array.isArray(actual) && actual.every((item) => typeof item === 'string')) {
    return truthOf(actual.some((item: string) => safeRegexTest(check.regex, item)));
  }
  return error(`${label} is ${describeValue(actual)}, expected a string`);
}

/** The truth of `comparison` for the value `actual` read from the facts, labelled for messages. */
export function compare(
  comparison: Comparison,
  type: FactType,
  actual: unknown,
  label: string,
): Truth {
  const typed = checkFactType(type, actual, label);
  if (typed !== undefined) return typed;
  const { base, negated } = positiveOperator(comparison.operator);
  let result: Truth;
  switch (base) {
    case '==':
    case '!=':
      result = equality(actual, comparison, label);
      break;
    case '<':
    case '<=':
    case '>':
    case '>=':
      result = ordering(actual, comparison, label, base);
      break;
    case 'in':
      result = membership(actual, comparison, label);
      break;
    case 'contains':
      result = containment(actual, comparison, label);
      break;
    case 'matches':
      result = matching(actual, comparison, label);
      break;
    default:
      return error(`unknown operator ${String(comparison.operator)}`);
  }
  const flip = negated || base === '!=';
  return result.ok && flip ? truthOf(!result.truth) : result;
}
