// The error of a configuration file: every problem found, each with its line and column, printed
// the way compilers do (`FILE:LINE:COLUMN: message`) so editors and terminals can jump to it.
import { VigilError } from '../domain/errors.js';
import type { SourcePosition } from './spec.js';

export interface ConfigProblem {
  /** Absent when the problem has no place in the file (for example a row the file does not declare). */
  line?: number;
  column?: number;
  message: string;
  /** The service input field involved, when there is one. */
  field?: string;
}

export class ConfigFileError extends VigilError {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super('invalid_config', formatProblems(file, problems), 400, problems[0]?.field);
  }
}

export function problemAt(
  at: SourcePosition | undefined,
  message: string,
  field?: string,
): ConfigProblem {
  return {
    ...(at ? { line: at.line, column: at.column } : {}),
    message,
    ...(field ? { field } : {}),
  };
}

export function formatProblems(file: string, problems: readonly ConfigProblem[]): string {
  return problems
    .map((p) =>
      p.line ? `${file}:${p.line}:${p.column ?? 1}: ${p.message}` : `${file}: ${p.message}`,
    )
    .join('\n');
}

/** Problems in reading order, so the first one printed is the first one in the file. */
export function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}
