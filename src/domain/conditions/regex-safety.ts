// Runs `matches` patterns without ReDoS: RE2 semantics (linear-time automaton, pure JS) within size limits.
//
// The rule, enforced when a condition is parsed and again before every match:
//  1. a pattern has at most MAX_PATTERN_LENGTH characters;
//  2. it must be valid RE2 syntax: no backreferences and no lookaround, the two features that
//     only a backtracking engine can offer (inline flags such as (?i) are fine);
//  3. its compiled program has at most MAX_PROGRAM_SIZE instructions (this stops `x{1000}`-style
//     expansions; RE2 also refuses nested repeat counts over 1000);
//  4. matching scans at most MAX_SCANNED_CHARS characters of the input.
// The engine (re2js, a port of RE2) never backtracks, so matching costs at most
// program size × scanned characters: `(a+)+$` on "aaaa…!" is a few microseconds, not centuries.
import { RE2JS } from 're2js';

export const MAX_PATTERN_LENGTH = 256;
export const MAX_PROGRAM_SIZE = 2_000;
export const MAX_SCANNED_CHARS = 65_536;

export type RegexCheck = { ok: true; regex: RE2JS } | { ok: false; message: string };

// Conditions are evaluated every few seconds with the same few patterns: compile each once.
const compiled = new Map<string, RegexCheck>();
const CACHE_LIMIT = 512;

export function compileSafeRegex(pattern: string): RegexCheck {
  const cached = compiled.get(pattern);
  if (cached !== undefined) return cached;
  const check = compile(pattern);
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(pattern, check);
  return check;
}

function compile(pattern: string): RegexCheck {
  const length = Array.from(pattern).length;
  if (length > MAX_PATTERN_LENGTH) {
    return {
      ok: false,
      message: `regular expression is ${length} characters long; the limit is ${MAX_PATTERN_LENGTH}`,
    };
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch (error) {
    return { ok: false, message: explainSyntaxError(error) };
  }
  const size = regex.programSize();
  if (size > MAX_PROGRAM_SIZE) {
    return {
      ok: false,
      message: `regular expression is too complex (${size} steps; the limit is ${MAX_PROGRAM_SIZE}): use smaller repeat counts`,
    };
  }
  return { ok: true, regex };
}

function explainSyntaxError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const reason = raw.replace(/^error parsing regexp: /, '');
  return `invalid regular expression: ${reason} (RE2 syntax: no backreferences or lookaround)`;
}

/** Whether the pattern occurs anywhere in the first MAX_SCANNED_CHARS characters of input. */
export function safeRegexTest(regex: RE2JS, input: string): boolean {
  const scanned = input.length > MAX_SCANNED_CHARS ? input.slice(0, MAX_SCANNED_CHARS) : input;
  return regex.test(scanned);
}
