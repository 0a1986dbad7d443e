// The error a bad condition produces: where (1-based column), what was expected, and a readable message.

export interface ConditionError {
  /** 1-based column, counted in characters (code points) of the condition text. */
  column: number;
  /** Full message, starting with the column: `column 12: expected a value after "==", ...`. */
  message: string;
  /** What would have been accepted at that column, e.g. ['a number', 'a list of numbers']. */
  expected: string[];
}

/** Thrown inside the tokenizer and parser only; parseCondition turns it into a ConditionError. */
export class ConditionSyntaxError extends Error {
  constructor(
    readonly column: number,
    readonly detail: string,
    readonly expected: string[] = [],
  ) {
    super(`column ${column}: ${detail}`);
    this.name = 'ConditionSyntaxError';
  }

  toConditionError(): ConditionError {
    return { column: this.column, message: this.message, expected: [...this.expected] };
  }
}

/** "a", "a or b", "a, b or c" */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
