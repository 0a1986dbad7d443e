// The shared channel field checks: URLs (receiver URLs kept as given, service base URLs without
// query, fragment or trailing slash, defaults, credentials refused) and texts (empty refused
// unless required, trimmed unless told not to), each error naming its field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldError } from './channel.js';
import {
  integerField,
  textField,
  urlField,
  type TextOptions,
  type UrlFieldOptions,
} from './config-fields.js';

function url(value: unknown, options?: UrlFieldOptions): string | null | string[] {
  const errors: FieldError[] = [];
  const result = urlField({ u: value }, 'u', errors, options);
  return errors.length > 0 ? errors.map((e) => `${e.field}: ${e.message}`) : result;
}

function text(value: unknown, options: TextOptions): string | null | string[] {
  const errors: FieldError[] = [];
  const result = textField({ t: value }, 't', errors, options);
  return errors.length > 0 ? errors.map((e) => `${e.field}: ${e.message}`) : result;
}

describe('urlField', () => {
  it('keeps a receiver URL with its query, normalised', () => {
    assert.equal(url('https://Hooks.Example/x?sig=1'), 'https://hooks.example/x?sig=1');
    assert.equal(url('http://127.0.0.1:9000'), 'http://127.0.0.1:9000/');
  });

  it('returns a base URL without a trailing slash, and refuses a query or fragment', () => {
    assert.equal(
      url('https://push.example/gotify//', { base: true }),
      'https://push.example/gotify',
    );
    assert.equal(url('https://push.example', { base: true }), 'https://push.example');
    assert.deepEqual(url('https://push.example/?token=x', { base: true }), [
      "u: u must be the server's address without a query or fragment",
    ]);
    assert.deepEqual(url('https://push.example/#x', { base: true }), [
      "u: u must be the server's address without a query or fragment",
    ]);
  });

  it('is required unless optional or defaulted', () => {
    assert.deepEqual(url(undefined), ['u: u is required']);
    assert.deepEqual(url(''), ['u: u is required']);
    assert.equal(url(null, { required: false }), null);
    assert.equal(url('', { defaultUrl: 'https://api.example' }), 'https://api.example');
  });

  it('refuses other schemes, non-URLs, long values and credentials, with a hint when given', () => {
    assert.deepEqual(url('ftp://x/'), ['u: u must be an absolute http(s) URL']);
    assert.deepEqual(url('hooks.example/x'), ['u: u must be an absolute http(s) URL']);
    assert.deepEqual(url(42), ['u: u must be a URL of at most 2000 characters']);
    assert.deepEqual(url(`https://x/${'a'.repeat(2000)}`), [
      'u: u must be a URL of at most 2000 characters',
    ]);
    assert.deepEqual(url('https://a:b@x/', { credentialsHint: 'use secret' }), [
      'u: u must not contain a user name or password; use secret',
    ]);
  });
});

describe('textField', () => {
  it('trims pasted keys, but keeps a value byte for byte when told', () => {
    assert.equal(text(' key\n', { max: 10 }), 'key');
    assert.equal(text(' key\n', { max: 10, trim: false }), ' key\n');
  });

  it('takes absence as none, refuses empty or non-strings, and names the limits', () => {
    assert.equal(text(undefined, { max: 5 }), null);
    assert.equal(text(null, { max: 5 }), null);
    assert.deepEqual(text('', { max: 5 }), ['t: t must be a non-empty string']);
    assert.deepEqual(text('  ', { max: 5 }), ['t: t must be a non-empty string']);
    assert.deepEqual(text(7, { max: 5 }), ['t: t must be a non-empty string']);
    assert.deepEqual(text('', { max: 5, required: true }), ['t: t is required']);
    assert.deepEqual(text('abcdef', { max: 5 }), ['t: t must be at most 5 characters']);
    assert.deepEqual(text('ab!', { max: 5, pattern: /^\w+$/, patternHint: 'letters' }), [
      't: t must be letters',
    ]);
  });
});

describe('integerField', () => {
  it('takes numbers and digits in range', () => {
    const errors: FieldError[] = [];
    assert.equal(integerField({ p: ' 3 ' }, 'p', errors, { min: 1, max: 5 }), 3);
    assert.equal(integerField({ p: 6 }, 'p', errors, { min: 1, max: 5 }), null);
    assert.deepEqual(errors, [{ field: 'p', message: 'p must be a whole number from 1 to 5' }]);
  });
});
