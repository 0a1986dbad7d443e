// Reads typed values out of a parsed YAML document while collecting every problem with its line and
// column, so a whole file is checked in one pass instead of stopping at the first mistake.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type YAMLMap,
} from 'yaml';
import { ValidationError } from '../domain/errors.js';
import { problemAt, type ConfigProblem } from './config-file-error.js';
import type { SourcePosition } from './spec.js';

export interface Value<T> {
  value: T;
  at: SourcePosition;
}

export class YamlReader {
  readonly problems: ConfigProblem[] = [];

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    /** The file's text, for positions inside a scalar (see scalar-position.ts). */
    readonly text = '',
  ) {}

  position(node: { range?: readonly number[] | null } | null | undefined): SourcePosition {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  positionOfOffset(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  report(at: SourcePosition, message: string, field?: string): void {
    this.problems.push(problemAt(at, message, field));
  }

  /** Follows `*alias` references to the node they name. */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return (node as Node | null) ?? null;
  }

  /** The mapping's keys and values, or undefined (reported) when `node` is not a mapping. */
  fields(node: Node | null, what: string, allowed: readonly string[]): Fields | undefined {
    if (!isMap(node)) {
      this.report(
        this.position(node),
        `${what} must be a mapping (key: value), got ${describe(node)}`,
      );
      return undefined;
    }
    return new Fields(this, node, what, allowed);
  }

  /** A node as plain JavaScript (numbers, strings, lists, objects), for the domain's validators. */
  plain(node: Node | null): unknown {
    return node === null ? undefined : (node.toJS(this.doc) as unknown);
  }

  /** The entries of a list, or [] (reported) when `node` is not one; absent or empty means none. */
  list(node: Node | null, what: string): Array<Node | null> {
    if (node === null || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) {
      this.report(this.position(node), `${what} must be a list, got ${describe(node)}`);
      return [];
    }
    return node.items.map((item) => this.resolve(item));
  }
}

/** One mapping of the file: typed access to its keys; unknown keys are reported when it is built. */
export class Fields {
  readonly at: SourcePosition;
  private readonly values = new Map<string, { key: Node | null; value: Node | null }>();

  constructor(
    private readonly reader: YamlReader,
    map: YAMLMap,
    private what: string,
    allowed: readonly string[],
  ) {
    this.at = reader.position(map);
    for (const pair of map.items) {
      const key = reader.resolve(pair.key);
      const name = isScalar(key) ? key.value : undefined;
      if (typeof name !== 'string') {
        reader.report(
          reader.position(key),
          `keys in ${what} must be plain names, got ${describe(key)}`,
        );
        continue;
      }
      if (!allowed.includes(name)) {
        reader.report(
          reader.position(key),
          `unknown key "${name}" in ${what}; expected one of: ${allowed.join(', ')}`,
        );
        continue;
      }
      this.values.set(name, { key, value: reader.resolve(pair.value) });
    }
  }

  /** Names the mapping better once its identifying key is known (`page "main"` over `a page`). */
  rename(what: string): void {
    this.what = what;
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  /** Where the key's value is (or the key itself when the value is empty). */
  positionOf(key: string): SourcePosition {
    const entry = this.values.get(key);
    if (!entry) return this.at;
    return this.reader.position(entry.value?.range ? entry.value : entry.key);
  }

  /** The keys the mapping has (known ones only), in file order. */
  keys(): string[] {
    return [...this.values.keys()];
  }

  /** Where the key itself is written. */
  keyPositionOf(key: string): SourcePosition {
    const entry = this.values.get(key);
    return entry ? this.reader.position(entry.key) : this.at;
  }

  node(key: string): Node | null {
    return this.values.get(key)?.value ?? null;
  }

  string(key: string, options: { required: true }): Value<string> | undefined;
  string(key: string, options?: { required?: false }): Value<string | null> | undefined;
  string(key: string, options: { required?: boolean } = {}): Value<string | null> | undefined {
    return this.scalar(key, 'string', options.required ?? false) as
      Value<string | null> | undefined;
  }

  boolean(key: string): Value<boolean | null> | undefined {
    return this.scalar(key, 'boolean', false) as Value<boolean | null> | undefined;
  }

  /**
   * Runs a domain validator (the same ones the services use) on a value and reports its
   * ValidationError at the value's position; returns undefined when the value was refused.
   */
  check<T, R>(key: string, value: Value<T> | undefined, validate: (value: T) => R): R | undefined {
    if (!value) return undefined;
    try {
      return validate(value.value);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.reader.report(value.at, error.message, error.field);
      return undefined;
    }
  }

  private scalar(
    key: string,
    type: 'string' | 'boolean',
    required: boolean,
  ): Value<string | boolean | null> | undefined {
    const entry = this.values.get(key);
    const at = this.positionOf(key);
    const value = entry?.value;
    if (!entry || (isScalar(value) && value.value === null) || !value) {
      if (required) {
        this.reader.report(entry ? at : this.at, `${this.what} needs "${key}" (a ${type})`);
        return undefined;
      }
      return { value: null, at };
    }
    if (!isScalar(value) || typeof value.value !== type) {
      const hint =
        type === 'string' && isScalar(value) && ['number', 'boolean'].includes(typeof value.value)
          ? ` (put it in quotes: "${String(value.value)}")`
          : '';
      this.reader.report(
        at,
        `"${key}" in ${this.what} must be a ${type}, got ${describe(value)}${hint}`,
      );
      return undefined;
    }
    return { value: value.value as string | boolean, at };
  }
}

/** Reports every repeated key at its second (and later) occurrence, naming the first one. */
export function checkUnique<T>(
  reader: YamlReader,
  items: readonly T[],
  key: (item: T) => string,
  at: (item: T) => SourcePosition,
  what: string,
): void {
  const first = new Map<string, SourcePosition>();
  for (const item of items) {
    const seen = first.get(key(item));
    if (seen) {
      reader.report(
        at(item),
        `duplicate ${what}: "${key(item)}" is already declared at line ${seen.line}, column ${seen.column}`,
      );
    } else {
      first.set(key(item), at(item));
    }
  }
}

/** How a node is called in messages ("a list", "a number", ...). */
export function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'nothing';
    if (typeof value === 'boolean') return `${value}`;
    if (typeof value === 'number' || typeof value === 'bigint') return `the number ${value}`;
    if (typeof value === 'string') return 'a string';
  }
  return 'an unsupported value';
}

/**
 * The names listed under `key` (a component's `monitors`, a monitor's `notify`), each with its
 * position; anything but a name, and a name listed twice, is reported.
 */
export function readNameList(
  reader: YamlReader,
  fields: Fields,
  key: string,
  what: string,
  noun: string,
): Value<string>[] {
  const names: Value<string>[] = [];
  for (const node of reader.list(fields.node(key), `"${key}" of ${what}`)) {
    const at = reader.position(node);
    if (!isScalar(node) || typeof node.value !== 'string') {
      reader.report(at, `"${key}" of ${what} must list ${noun} names, got ${describe(node)}`);
    } else if (names.some((n) => n.value === node.value)) {
      reader.report(at, `${what} lists ${noun} "${node.value}" twice`);
    } else {
      names.push({ value: node.value, at });
    }
  }
  return names;
}
