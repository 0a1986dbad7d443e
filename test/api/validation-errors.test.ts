// Schema validation errors, as Ajv (admin, public routes) or TypeBox (management API) report them,
// become one field name and one sentence.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { describeValidationError } from '../../src/web/errors.js';

const Body = Type.Object(
  {
    name: Type.String(),
    status: Type.Optional(Type.Enum(['up', 'down'])),
    at: Type.Optional(Type.String({ format: 'date-time' })),
    group_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    components: Type.Optional(Type.Record(Type.String(), Type.Enum(['up', 'down']))),
    nested: Type.Optional(Type.Object({ inner: Type.Integer() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
const check = Compile(Body);
const describeBody = (value: unknown) => describeValidationError(check.Errors(value), 'body');

describe('describeValidationError with TypeBox issues', () => {
  it('names a missing field', () => {
    assert.deepEqual(describeBody({}), { field: 'name', message: 'name is required' });
  });

  it('names an unknown field, also when several are sent', () => {
    assert.deepEqual(describeBody({ name: 'a', colour: 'red', size: 2 }), {
      field: 'colour',
      message: 'colour is not a known field',
    });
    assert.deepEqual(describeBody({ name: 'a', nested: { inner: 1, outer: 2 } }), {
      field: 'nested.outer',
      message: 'nested.outer is not a known field',
    });
  });

  it('says what type a field must have, every type of a nullable one', () => {
    assert.deepEqual(describeBody({ name: 5 }), {
      field: 'name',
      message: 'name must be a string',
    });
    assert.deepEqual(describeBody({ name: 'a', group_id: 5 }), {
      field: 'group_id',
      message: 'group_id must be a string or null',
    });
    assert.deepEqual(describeBody({ name: 'a', nested: { inner: 'x' } }).field, 'nested.inner');
  });

  it('lists the allowed values of an enum, also inside a record', () => {
    assert.deepEqual(describeBody({ name: 'a', status: 'sideways' }), {
      field: 'status',
      message: 'status must be one of up, down',
    });
    assert.equal(describeBody({ name: 'a', components: { 'a/b': 'x' } }).field, 'components.a/b');
  });

  it('explains a malformed date', () => {
    const { field, message } = describeBody({ name: 'a', at: 'yesterday' });
    assert.equal(field, 'at');
    assert.match(message, /^at must be an ISO 8601 date-time/);
  });

  it('says the body must be an object when it is not one', () => {
    assert.deepEqual(describeBody(null), { message: 'the request body must be a JSON object' });
  });
});

describe('describeValidationError with Ajv issues', () => {
  it('reads missingProperty and additionalProperty', () => {
    assert.deepEqual(
      describeValidationError([
        { keyword: 'required', instancePath: '', params: { missingProperty: 'email' } },
      ]),
      { field: 'email', message: 'email is required' },
    );
    assert.deepEqual(
      describeValidationError(
        [
          {
            keyword: 'additionalProperties',
            instancePath: '/filter',
            params: { additionalProperty: 'x' },
          },
        ],
        'querystring',
      ),
      { field: 'filter.x', message: 'filter.x is not a known field' },
    );
  });

  it('falls back to the validator message with the field', () => {
    assert.deepEqual(
      describeValidationError([
        { keyword: 'maximum', instancePath: '/per_page', params: {}, message: 'must be <= 100' },
      ]),
      { field: 'per_page', message: 'per_page must be <= 100' },
    );
  });
});
