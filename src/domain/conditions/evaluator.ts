// Evaluates a parsed condition against check facts: total (never throws), records the values it saw.
import type { Condition } from './ast.js';
import { compare, type Truth } from './compare.js';
import { fieldType, type CheckFacts, type FactType } from './facts.js';
import { FactReader } from './fact-reader.js';
import { printCondition, printSubject } from './printer.js';

export interface ConditionOutcome {
  /** The condition in canonical form, for reasons and summaries. */
  condition: string;
  passed: boolean;
  /** Values seen, keyed by subject as written in the condition: `{ status: 503, latency: 812 }`. */
  observed: Record<string, unknown>;
  /** Set when the outcome could not be decided (missing or ill-typed value); passed is then false. */
  error?: string;
}

const MAX_OBSERVED_TEXT = 200;
const MAX_OBSERVED_ITEMS = 20;

/**
 * Three-valued (Kleene) logic: a comparison that cannot be decided is "unknown" rather than false,
 * so `not` of it stays unknown instead of silently passing; `false and unknown` is still false and
 * `true or unknown` still true. Only an undecided overall result reports an error.
 */
export function evaluateCondition(condition: Condition, facts: CheckFacts): ConditionOutcome {
  const observed: Record<string, unknown> = {};
  let text = '';
  try {
    text = printCondition(condition);
    const result = evaluate(condition, new FactReader(facts), observed);
    if (result.ok) return { condition: text, passed: result.truth, observed };
    return { condition: text, passed: false, observed, error: result.error };
  } catch (failure) {
    // Only a malformed tree built by hand (not by the parser) or absurdly deep nesting gets here;
    // the monitor must still get a result, so report it instead of crashing the evaluator.
    const reason = failure instanceof Error ? failure.message : String(failure);
    return {
      condition: text,
      passed: false,
      observed,
      error: `condition could not be evaluated: ${reason}`,
    };
  }
}

function evaluate(
  condition: Condition,
  reader: FactReader,
  observed: Record<string, unknown>,
): Truth {
  switch (condition.kind) {
    case 'comparison': {
      const label = printSubject(condition.subject);
      const type: FactType =
        condition.subject.kind === 'field'
          ? (fieldType(condition.subject.name) ?? 'any')
          : condition.subject.kind === 'header'
            ? 'string'
            : 'any';
      const reading = reader.read(condition.subject);
      observed[label] = reading.ok ? observedValue(reading.value) : null;
      if (!reading.ok) return reading;
      return compare(condition, type, reading.value, label);
    }
    case 'not': {
      const operand = evaluate(condition.operand, reader, observed);
      return operand.ok ? { ok: true, truth: !operand.truth } : operand;
    }
    case 'and':
    case 'or': {
      // Both sides are evaluated (no short-circuit) so every value is recorded for the reason.
      const left = evaluate(condition.left, reader, observed);
      const right = evaluate(condition.right, reader, observed);
      const decisive = condition.kind === 'and' ? false : true;
      if ((left.ok && left.truth === decisive) || (right.ok && right.truth === decisive)) {
        return { ok: true, truth: decisive };
      }
      if (!left.ok) return left;
      if (!right.ok) return right;
      return { ok: true, truth: !decisive };
    }
    default:
      return { ok: false, error: 'the condition is malformed' };
  }
}

/** A small JSON-safe copy of a value for storage with each result (bodies can be megabytes). */
export function observedValue(value: unknown, depth = 0): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    return value.length > MAX_OBSERVED_TEXT ? `${value.slice(0, MAX_OBSERVED_TEXT)}…` : value;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value) && depth === 0) {
    return value.slice(0, MAX_OBSERVED_ITEMS).map((item) => observedValue(item, depth + 1));
  }
  if (typeof value === 'object') {
    try {
      return observedValue(JSON.stringify(value) ?? null, depth + 1);
    } catch {
      return Array.isArray(value) ? '[list]' : '[object]';
    }
  }
  return String(value);
}
