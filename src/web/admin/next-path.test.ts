import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { safeNextPath } from './next-path.js';

describe('the path to go to after signing in', () => {
  it('keeps paths on this site', () => {
    for (const path of ['/', '/admin/pages', '/s/main?x=1', '/admin/incidents/abc#updates']) {
      assert.equal(safeNextPath(path), path);
    }
  });

  it('refuses anything a browser could read as another site', () => {
    const refused = [
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'admin',
      '',
      undefined,
      42,
      ['/admin'],
    ];
    for (const value of refused)
      assert.equal(safeNextPath(value), undefined, JSON.stringify(value));
  });
});
