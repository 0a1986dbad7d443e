// Splits condition text into tokens that know their starting column (no string splitting on " == ").
import { DURATION_UNITS, type DurationUnit } from './ast.js';
import { ConditionSyntaxError, listWords } from './syntax-error.js';

export const SYMBOLS = ['==', '!=', '<=', '>=', '<', '>', '(', ')', '[', ']', ',', '.'] as const;
export type SymbolText = (typeof SYMBOLS)[number];

interface TokenBase {
  /** Source text of the token as written. */
  text: string;
  /** 1-based column of the first character. */
  column: number;
}

export type Token =
  | (TokenBase & { kind: 'word' })
  | (TokenBase & { kind: 'number'; value: number })
  | (TokenBase & { kind: 'duration'; amount: number; unit: DurationUnit })
  | (TokenBase & { kind: 'string'; value: string })
  | (TokenBase & { kind: 'symbol'; text: SymbolText })
  | (TokenBase & { kind: 'end' });

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const SPACE = /[ \t\r\n]/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
};

/** How a token reads in "found ..." messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of input';
    case 'string':
      return `string ${token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text}`;
    case 'number':
      return `number ${token.text}`;
    case 'duration':
      return `duration ${token.text}`;
    default:
      return `"${token.text}"`;
  }
}

export function tokenize(text: string): Token[] {
  return new Tokenizer(Array.from(text)).run();
}

class Tokenizer {
  private index = 0;
  private readonly tokens: Token[] = [];

  constructor(private readonly chars: string[]) {}

  run(): Token[] {
    for (;;) {
      while (this.index < this.chars.length && SPACE.test(this.chars[this.index] ?? '')) {
        this.index++;
      }
      if (this.index >= this.chars.length) break;
      this.tokens.push(this.next());
    }
    this.tokens.push({ kind: 'end', text: '', column: this.chars.length + 1 });
    return this.tokens;
  }

  private char(offset = 0): string {
    return this.chars[this.index + offset] ?? '';
  }

  private slice(start: number): string {
    return this.chars.slice(start, this.index).join('');
  }

  private next(): Token {
    const start = this.index;
    const c = this.char();
    if (WORD_START.test(c)) return this.word(start);
    if (DIGIT.test(c) || (c === '-' && DIGIT.test(this.char(1)))) return this.numeric(start);
    if (c === '"') return this.string(start);
    const two = c + this.char(1);
    const symbol = SYMBOLS.find((s) => s === two) ?? SYMBOLS.find((s) => s === c);
    if (symbol !== undefined) {
      this.index += symbol.length;
      return { kind: 'symbol', text: symbol, column: start + 1 };
    }
    if (c === '=' || c === '!') {
      throw new ConditionSyntaxError(
        start + 1,
        `expected "${c}=", found "${c}" (comparisons are written ==, !=, <, <=, >, >=)`,
        [`${c}=`],
      );
    }
    if (c === "'") {
      throw new ConditionSyntaxError(start + 1, `expected a string in double quotes, found '`, [
        'a string in double quotes',
      ]);
    }
    throw new ConditionSyntaxError(start + 1, `unexpected character ${JSON.stringify(c)}`);
  }

  private word(start: number): Token {
    while (WORD_PART.test(this.char())) this.index++;
    return { kind: 'word', text: this.slice(start), column: start + 1 };
  }

  private digits(): void {
    while (DIGIT.test(this.char())) this.index++;
  }

  private numeric(start: number): Token {
    if (this.char() === '-') this.index++;
    this.digits();
    // A dot not followed by a digit belongs to what comes next (`data[0].state`).
    if (this.char() === '.' && DIGIT.test(this.char(1))) {
      this.index++;
      this.digits();
    }
    const signed = this.char(1) === '+' || this.char(1) === '-';
    if ((this.char() === 'e' || this.char() === 'E') && DIGIT.test(this.char(signed ? 2 : 1))) {
      this.index += signed ? 2 : 1;
      this.digits();
    }
    const numberText = this.slice(start);
    const amount = Number(numberText);
    if (!Number.isFinite(amount)) {
      throw new ConditionSyntaxError(start + 1, `number ${numberText} is too large`, [
        'a smaller number',
      ]);
    }
    if (!WORD_PART.test(this.char())) {
      return { kind: 'number', text: numberText, value: amount, column: start + 1 };
    }
    const unitStart = this.index;
    while (WORD_PART.test(this.char())) this.index++;
    const unit = this.slice(unitStart);
    if (!(DURATION_UNITS as readonly string[]).includes(unit)) {
      throw new ConditionSyntaxError(
        unitStart + 1,
        `expected a duration unit (${listWords(DURATION_UNITS)}) after ${numberText}, found "${unit}"`,
        [...DURATION_UNITS],
      );
    }
    return {
      kind: 'duration',
      text: this.slice(start),
      amount,
      unit: unit as DurationUnit,
      column: start + 1,
    };
  }

  private string(start: number): Token {
    this.index++;
    let value = '';
    for (;;) {
      if (this.index >= this.chars.length || (this.char() === '\\' && this.char(1) === '')) {
        throw new ConditionSyntaxError(
          start + 1,
          'unterminated string: expected a closing " before end of input',
          ['"'],
        );
      }
      const c = this.char();
      if (c === '"') break;
      if (c === '\\') {
        value += this.escape();
        continue;
      }
      value += c;
      this.index++;
    }
    this.index++;
    return { kind: 'string', text: this.slice(start), value, column: start + 1 };
  }

  private escape(): string {
    const at = this.index + 1;
    const code = this.char(1);
    if (Object.hasOwn(SIMPLE_ESCAPES, code)) {
      this.index += 2;
      return SIMPLE_ESCAPES[code] ?? code;
    }
    if (code === 'u') {
      const hex = this.chars.slice(this.index + 2, this.index + 6).join('');
      if (HEX4.test(hex)) {
        this.index += 6;
        return String.fromCharCode(parseInt(hex, 16));
      }
      throw new ConditionSyntaxError(at, 'expected 4 hexadecimal digits after \\u', [
        '4 hexadecimal digits',
      ]);
    }
    throw new ConditionSyntaxError(
      at,
      `unknown escape \\${code} (write \\\\ for a backslash, also in regular expressions); expected one of \\" \\\\ \\/ \\n \\t \\r \\uXXXX`,
      ['\\"', '\\\\', '\\/', '\\n', '\\t', '\\r', '\\uXXXX'],
    );
  }
}
