// Walks the token list for the parser and raises "expected X, found Y" errors at the token's column.
import { ConditionSyntaxError, listWords } from './syntax-error.js';
import { describeToken, type Token } from './tokenizer.js';

export class TokenCursor {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  protected peek(offset = 0): Token {
    // The tokenizer always ends the list with an `end` token, which is never consumed.
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)] ?? last;
  }

  protected advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position++;
    return token;
  }

  protected isWord(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'word' && token.text === text;
  }

  protected isSymbol(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'symbol' && token.text === text;
  }

  /** Throws `expected <what> <context>, found <token>`; context reads like `after "=="`. */
  protected fail(
    token: Token,
    expected: string[],
    what = listWords(expected),
    context = '',
  ): never {
    const where = context === '' ? '' : ` ${context}`;
    throw new ConditionSyntaxError(
      token.column,
      `expected ${what}${where}, found ${describeToken(token)}`,
      expected,
    );
  }

  protected expectSymbol(text: string, after: string): Token {
    if (!this.isSymbol(text)) this.fail(this.peek(), [text], `"${text}"`, `after ${after}`);
    return this.advance();
  }
}
