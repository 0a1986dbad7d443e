import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders emphasis, lists and links', () => {
    const html = renderMarkdown('**Fixed** the [API](https://example.com)\n\n- one\n- two');
    assert.match(html, /<strong>Fixed<\/strong>/);
    assert.match(
      html,
      /<a href="https:\/\/example.com" rel="nofollow noopener noreferrer">API<\/a>/,
    );
    assert.match(html, /<li>one<\/li>/);
  });

  it('removes scripts, event handlers and javascript: links', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3)) <a href="javascript:alert(4)">y</a>',
    );
    assert.doesNotMatch(html, /<script|onerror|href="javascript:|<img/i);
    assert.doesNotMatch(renderMarkdown('[x](javascript:alert(3))'), /href="javascript:/i);
  });
});
