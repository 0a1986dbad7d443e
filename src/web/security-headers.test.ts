import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeSecurityHeaders, securityHeaderOptions } from './security-headers.js';

describe('security headers', () => {
  it('forbid inline scripts and styles and framing by other sites', () => {
    const headers = computeSecurityHeaders(securityHeaderOptions('http://127.0.0.1:3000'));
    const csp = headers['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /frame-ancestors 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|upgrade-insecure-requests/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['cross-origin-resource-policy'], 'cross-origin');
    assert.equal(headers['strict-transport-security'], undefined, 'no HSTS over plain http');
  });

  it('add HSTS and upgrade-insecure-requests behind https', () => {
    const headers = computeSecurityHeaders(securityHeaderOptions('https://status.example.com'));
    assert.match(headers['strict-transport-security'] ?? '', /max-age=31536000; includeSubDomains/);
    assert.match(headers['content-security-policy'] ?? '', /upgrade-insecure-requests/);
  });
});
