// The condition language's public face: parse (with columns), print, evaluate, explain.
import type { Condition } from './ast.js';
import { parseTokens } from './parser.js';
import { ConditionSyntaxError, type ConditionError } from './syntax-error.js';
import { tokenize } from './tokenizer.js';

export type ParseResult = { ok: true; ast: Condition } | { ok: false; error: ConditionError };

/** Longer text is refused before tokenizing; real conditions are a line or two. */
export const MAX_CONDITION_LENGTH = 2_000;

/** Parses and type-checks one condition. Never throws: a bad condition gives its column. */
export function parseCondition(text: string): ParseResult {
  if (typeof text !== 'string') {
    return fail(new ConditionSyntaxError(1, 'expected a condition as text', ['a condition']));
  }
  const length = Array.from(text).length;
  if (length > MAX_CONDITION_LENGTH) {
    return fail(
      new ConditionSyntaxError(
        MAX_CONDITION_LENGTH + 1,
        `condition is ${length} characters long; the limit is ${MAX_CONDITION_LENGTH}`,
        [],
      ),
    );
  }
  try {
    return { ok: true, ast: parseTokens(tokenize(text)) };
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return fail(error);
    // Not reachable by design; a bug in the parser must still not crash whoever saves a monitor.
    const reason = error instanceof Error ? error.message : String(error);
    return fail(new ConditionSyntaxError(1, `condition could not be parsed: ${reason}`, []));
  }
}

function fail(error: ConditionSyntaxError): ParseResult {
  return { ok: false, error: error.toConditionError() };
}

export type {
  Comparison,
  ComparisonOperator,
  Condition,
  ConditionValue,
  DurationUnit,
  JsonPathSegment,
  ListValue,
  Literal,
  Subject,
} from './ast.js';
export { COMPARISON_OPERATORS, DURATION_UNITS, durationMs } from './ast.js';
export type { ConditionError } from './syntax-error.js';
export type { CertificateFacts, CheckFacts, DnsFacts, FactType, TcpFacts } from './facts.js';
export { CONDITION_FIELDS } from './facts.js';
export { printCondition } from './printer.js';
export { evaluateCondition, type ConditionOutcome } from './evaluator.js';
export { conditionSummary, describeCondition, factsUsed } from './summary.js';
export { MAX_NESTING } from './parser.js';
export { MAX_PATTERN_LENGTH, MAX_PROGRAM_SIZE, MAX_SCANNED_CHARS } from './regex-safety.js';
