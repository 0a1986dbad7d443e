// The syntax tree of a monitor condition: plain, JSON-serialisable data shared by parser, printer and evaluator.

export const DURATION_UNITS = ['ms', 's', 'm', 'h', 'd'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

const MS_PER_UNIT: Record<DurationUnit, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

export const COMPARISON_OPERATORS = [
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
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export type Literal =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  /** Kept as written (amount + unit) so printing gives back `1.5s`, not `1500ms`. */
  | { kind: 'duration'; amount: number; unit: DurationUnit };

export type ListValue = { kind: 'list'; items: Literal[] };
export type ConditionValue = Literal | ListValue;

/** A step into parsed JSON: an object key or an array index. */
export type JsonPathSegment = string | number;

export type Subject =
  /** A named fact such as `status` or `cert.expires_in` (see CONDITION_FIELDS). */
  | { kind: 'field'; name: string }
  /** `header("Content-Type")`: the name is kept as written; lookup ignores case. */
  | { kind: 'header'; name: string }
  /** `json(body).data[0].state` */
  | { kind: 'json'; path: JsonPathSegment[] };

export interface Comparison {
  kind: 'comparison';
  subject: Subject;
  operator: ComparisonOperator;
  value: ConditionValue;
}

export type Condition =
  | Comparison
  | { kind: 'not'; operand: Condition }
  | { kind: 'and'; left: Condition; right: Condition }
  | { kind: 'or'; left: Condition; right: Condition };

/**
 * Milliseconds of a duration literal. Rounded to 15 significant digits so that `1.1s` is 1100 ms
 * and not 1100.0000000000002, which would make `latency <= 1.1s` surprising.
 */
export function durationMs(amount: number, unit: DurationUnit): number {
  return Number((amount * MS_PER_UNIT[unit]).toPrecision(15));
}

/** The number a literal stands for in numeric comparisons (durations in ms), if any. */
export function literalNumber(literal: Literal): number | undefined {
  if (literal.kind === 'number') return literal.value;
  if (literal.kind === 'duration') return durationMs(literal.amount, literal.unit);
  return undefined;
}
