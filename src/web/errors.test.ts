// The error shape for an unreachable database: 503 with a message and no detail of the cause.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../domain/errors.js';
import { toErrorResponse } from './errors.js';

describe('error responses', () => {
  it('answers 503 database_unavailable when the database cannot be reached', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const { status, body } = toErrorResponse(refused);
    assert.equal(status, 503);
    assert.equal(body.error.code, 'database_unavailable');
    assert.doesNotMatch(JSON.stringify(body), /ECONNREFUSED|5432|at /);
  });

  it('keeps 500 for other failures and 4xx for bad input', () => {
    assert.equal(toErrorResponse(new Error('boom')).status, 500);
    assert.equal(toErrorResponse(new ValidationError('name', 'name is required')).status, 400);
  });
});
