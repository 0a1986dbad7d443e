// Reads the value a subject names out of untrusted check facts; never throws, parses the body's JSON once.
import type { JsonPathSegment, Subject } from './ast.js';
import { printSubject } from './printer.js';

export type Reading = { ok: true; value: unknown } | { ok: false; error: string };

const MAX_ERROR_DETAIL = 160;

/** "a number", "a list", "missing"... for messages about values of the wrong kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isFinite(value)) return `not a finite number (${value})`;
  switch (typeof value) {
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only: a condition must never reach `constructor` or `__proto__` of the facts. */
function ownProperty(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export class FactReader {
  private parsedBody: Reading | undefined;

  constructor(private readonly facts: unknown) {}

  read(subject: Subject): Reading {
    switch (subject.kind) {
      case 'field':
        return this.field(subject.name);
      case 'header':
        return this.header(subject.name);
      case 'json':
        return this.json(subject.path);
      default:
        return { ok: false, error: 'the condition names an unknown kind of value' };
    }
  }

  private field(name: string): Reading {
    const steps = String(name).split('.');
    let value: unknown = this.facts;
    for (let i = 0; i < steps.length; i++) {
      if (value === undefined || value === null) break;
      if (!isRecord(value)) {
        return { ok: false, error: `${steps.slice(0, i).join('.')} is not an object` };
      }
      value = ownProperty(value, steps[i] ?? '');
    }
    if (value === undefined || value === null) return { ok: false, error: `${name} is missing` };
    return { ok: true, value };
  }

  private header(name: string): Reading {
    const label = printSubject({ kind: 'header', name });
    const headers = isRecord(this.facts) ? ownProperty(this.facts, 'headers') : undefined;
    if (!isRecord(headers)) return { ok: false, error: `${label} is missing (no headers)` };
    const wanted = String(name).toLowerCase();
    let value = ownProperty(headers, wanted);
    if (value === undefined) {
      // Facts should already have lower-case names; tolerate a probe that did not.
      const key = Object.keys(headers).find((k) => k.toLowerCase() === wanted);
      value = key === undefined ? undefined : headers[key];
    }
    if (value === undefined || value === null) return { ok: false, error: `${label} is missing` };
    if (typeof value === 'string') return { ok: true, value };
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      return { ok: true, value: value.join(', ') };
    }
    return { ok: false, error: `${label} is ${describeValue(value)}, expected text` };
  }

  private body(): Reading {
    if (this.parsedBody !== undefined) return this.parsedBody;
    const facts = isRecord(this.facts) ? this.facts : {};
    const body = ownProperty(facts, 'body');
    if (typeof body !== 'string') {
      this.parsedBody = { ok: false, error: `body is ${describeValue(body)}, expected JSON text` };
      return this.parsedBody;
    }
    try {
      this.parsedBody = { ok: true, value: JSON.parse(body) as unknown };
    } catch (error) {
      const truncated = ownProperty(facts, 'body_truncated') === true ? ' (it was cut short)' : '';
      const reason = error instanceof Error ? error.message : String(error);
      this.parsedBody = {
        ok: false,
        error: `body is not valid JSON${truncated}: ${reason.slice(0, MAX_ERROR_DETAIL)}`,
      };
    }
    return this.parsedBody;
  }

  private json(path: readonly JsonPathSegment[]): Reading {
    const root = this.body();
    if (!root.ok) return root;
    let value = root.value;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const here = printSubject({ kind: 'json', path: path.slice(0, i) });
      if (typeof segment === 'number') {
        if (!Array.isArray(value)) {
          return { ok: false, error: `${here} is ${describeValue(value)}, not a list` };
        }
        if (segment >= value.length) {
          const at = printSubject({ kind: 'json', path: path.slice(0, i + 1) });
          const items = value.length === 1 ? '1 item' : `${value.length} items`;
          return { ok: false, error: `${at} is missing (${here} has ${items})` };
        }
        value = value[segment];
      } else {
        if (!isRecord(value)) {
          return { ok: false, error: `${here} is ${describeValue(value)}, not an object` };
        }
        value = ownProperty(value, String(segment));
      }
      if (value === undefined) {
        return {
          ok: false,
          error: `${printSubject({ kind: 'json', path: path.slice(0, i + 1) })} is missing`,
        };
      }
    }
    return { ok: true, value };
  }
}
