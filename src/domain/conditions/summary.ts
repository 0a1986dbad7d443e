// Words for people: why a condition failed (transition reasons) and what a condition checks (UI).
import type { Comparison, Condition, Subject } from './ast.js';
import type { ConditionOutcome } from './evaluator.js';
import { CONDITION_FIELDS, fieldType } from './facts.js';
import { printLiteral, printSubject, printValue } from './printer.js';

const MAX_SUMMARY_VALUE = 80;

/** `status == 200 failed: status was 503`, `latency < 500ms passed`. */
export function conditionSummary(outcome: ConditionOutcome): string {
  if (outcome.passed) return `${outcome.condition} passed`;
  if (outcome.error !== undefined) return `${outcome.condition} failed: ${outcome.error}`;
  const seen = Object.entries(outcome.observed).map(
    ([subject, value]) => `${subject} was ${formatObserved(subject, value)}`,
  );
  return seen.length === 0
    ? `${outcome.condition} failed`
    : `${outcome.condition} failed: ${seen.join(', ')}`;
}

function formatObserved(subject: string, value: unknown): string {
  if (value === null || value === undefined) return 'missing';
  if (typeof value === 'number' && fieldType(subject) === 'duration') return `${value}ms`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const quoted = typeof value === 'string' ? JSON.stringify(text) : text;
  return quoted.length > MAX_SUMMARY_VALUE ? `${quoted.slice(0, MAX_SUMMARY_VALUE)}…` : quoted;
}

const PHRASES: Record<Comparison['operator'], string> = {
  '==': 'is',
  '!=': 'is not',
  '<': 'is less than',
  '<=': 'is at most',
  '>': 'is more than',
  '>=': 'is at least',
  in: 'is one of',
  'not in': 'is none of',
  contains: 'contains',
  'not contains': 'does not contain',
  matches: 'matches',
  'not matches': 'does not match',
};

function describeSubject(subject: Subject): string {
  if (subject.kind === 'field' && Object.hasOwn(CONDITION_FIELDS, subject.name)) {
    return CONDITION_FIELDS[subject.name]?.description ?? subject.name;
  }
  if (subject.kind === 'header') return `header ${subject.name.toLowerCase()}`;
  return printSubject(subject);
}

/** Plain-English reading for the admin UI: "HTTP status code is one of 200, 204". */
export function describeCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'comparison': {
      const value =
        condition.value.kind === 'list'
          ? condition.value.items.map(printLiteral).join(', ') || 'nothing'
          : printValue(condition.value);
      const subject = describeSubject(condition.subject);
      if (
        condition.value.kind === 'boolean' &&
        (condition.operator === '==' || condition.operator === '!=')
      ) {
        const holds = condition.value.value === (condition.operator === '==');
        return `${subject}: ${holds ? 'yes' : 'no'}`;
      }
      const shown = condition.operator.endsWith('matches') ? `/${value.slice(1, -1)}/` : value;
      return `${subject} ${PHRASES[condition.operator]} ${shown}`;
    }
    case 'not':
      return `not (${describeCondition(condition.operand)})`;
    case 'and':
    case 'or': {
      const wrap = (c: Condition) =>
        c.kind === 'and' || c.kind === 'or' ? `(${describeCondition(c)})` : describeCondition(c);
      return `${wrap(condition.left)} ${condition.kind} ${wrap(condition.right)}`;
    }
  }
}

/** Top-level facts a condition reads, so a probe can skip work (e.g. not keep the body). */
export function factsUsed(condition: Condition): Set<string> {
  const used = new Set<string>();
  const visit = (c: Condition): void => {
    if (c.kind === 'comparison') {
      const s = c.subject;
      used.add(
        s.kind === 'field'
          ? (s.name.split('.')[0] ?? s.name)
          : s.kind === 'header'
            ? 'headers'
            : 'body',
      );
    } else if (c.kind === 'not') visit(c.operand);
    else {
      visit(c.left);
      visit(c.right);
    }
  };
  visit(condition);
  return used;
}
