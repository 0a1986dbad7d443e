// Which operators and literals each fact type accepts: one table for the parser's checks and the evaluator.
import type { ComparisonOperator, Literal } from './ast.js';
import type { FactType } from './facts.js';

const ORDERING: readonly ComparisonOperator[] = ['==', '!=', '<', '<=', '>', '>=', 'in', 'not in'];
const TEXT: readonly ComparisonOperator[] = [
  '==',
  '!=',
  'in',
  'not in',
  'contains',
  'not contains',
  'matches',
  'not matches',
];

const OPERATORS: Record<FactType, readonly ComparisonOperator[]> = {
  number: ORDERING,
  duration: ORDERING,
  string: TEXT,
  boolean: ['==', '!='],
  string_list: ['==', '!=', 'contains', 'not contains', 'matches', 'not matches'],
  any: [
    '==',
    '!=',
    '<',
    '<=',
    '>',
    '>=',
    'in',
    'not in',
    'contains',
    'not contains',
    'matches',
    'not matches',
  ],
};

export function operatorsFor(type: FactType): readonly ComparisonOperator[] {
  return OPERATORS[type];
}

/** `not in` behaves as the negation of `in`, and so on. */
export function positiveOperator(operator: ComparisonOperator): {
  base: ComparisonOperator;
  negated: boolean;
} {
  if (operator.startsWith('not ')) {
    return { base: operator.slice(4) as ComparisonOperator, negated: true };
  }
  return { base: operator, negated: false };
}

type LiteralKind = Literal['kind'];

/** What may stand on the right of an operator: a single literal or a list, of these kinds. */
export interface ValueRule {
  list: boolean;
  kinds: readonly LiteralKind[];
  /** Wording for "expected ..." messages. */
  expected: string;
  /** The string is a regular expression (checked for safety at parse time). */
  regex?: boolean;
}

const SCALARS: readonly LiteralKind[] = ['number', 'duration', 'string', 'boolean'];
const NUMERIC: readonly LiteralKind[] = ['number', 'duration'];
const REGEX: ValueRule = {
  list: false,
  kinds: ['string'],
  expected: 'a regular expression in a string',
  regex: true,
};

function scalarRule(type: FactType): ValueRule {
  switch (type) {
    case 'number':
      return { list: false, kinds: ['number'], expected: 'a number' };
    case 'duration':
      return { list: false, kinds: NUMERIC, expected: 'a duration (e.g. 500ms) or a number of ms' };
    case 'string':
      return { list: false, kinds: ['string'], expected: 'a string' };
    case 'boolean':
      return { list: false, kinds: ['boolean'], expected: 'true or false' };
    case 'string_list':
      return { list: true, kinds: ['string'], expected: 'a list of strings' };
    case 'any':
      return { list: false, kinds: SCALARS, expected: 'a number, duration, string or boolean' };
  }
}

/** The value an operator needs for a subject of the given type, or undefined if not allowed. */
export function valueRule(type: FactType, operator: ComparisonOperator): ValueRule | undefined {
  if (!OPERATORS[type].includes(operator)) return undefined;
  const { base } = positiveOperator(operator);
  switch (base) {
    case '==':
    case '!=':
      return scalarRule(type);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return type === 'number'
        ? scalarRule(type)
        : { list: false, kinds: NUMERIC, expected: 'a number or a duration' };
    case 'in': {
      const element = scalarRule(type);
      return {
        list: true,
        kinds: element.kinds,
        expected: `a list of ${type === 'any' ? 'values' : pluralOf(element.expected)}`,
      };
    }
    case 'contains':
      return type === 'any'
        ? scalarRule('any')
        : { list: false, kinds: ['string'], expected: 'a string' };
    case 'matches':
      return REGEX;
    default:
      return undefined;
  }
}

function pluralOf(expected: string): string {
  if (expected === 'a number') return 'numbers';
  if (expected === 'a string') return 'strings';
  if (expected === 'true or false') return 'booleans';
  return 'numbers or durations';
}

/** Describes a fact type for messages: "latency (a duration)". */
export function describeFactType(type: FactType): string {
  switch (type) {
    case 'number':
      return 'a number';
    case 'duration':
      return 'a duration';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'string_list':
      return 'a list of strings';
    case 'any':
      return 'a JSON value';
  }
}
