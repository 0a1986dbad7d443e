// The README is part of the product: it must show the two commands that matter and document every
// environment variable the code reads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ENVIRONMENT_VARIABLES } from '../../src/config/env.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the quick start and the test command', () => {
    assert.match(readme, /npm ci && npm start/);
    assert.match(readme, /^npm test$/m);
  });

  it('documents every environment variable with its default', () => {
    for (const variable of ENVIRONMENT_VARIABLES) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${variable.name}\` |`));
      assert.ok(row, `README lacks a row for ${variable.name}`);
      assert.ok(
        row.includes(variable.default.replace(/\|/g, '\\|')),
        `README row of ${variable.name} lacks its default`,
      );
    }
  });

  it('links only to documentation files that exist', () => {
    for (const [, target] of readme.matchAll(/\]\(((?:docs|examples)\/[^)#]+)\)/g)) {
      assert.doesNotThrow(
        () => readFileSync(new URL(`../../${target}`, import.meta.url)),
        `missing ${target}`,
      );
    }
  });
});
