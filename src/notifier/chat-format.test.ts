// Cutting and escaping text for chat services: within the limit, never splitting a character or
// an entity, and only &, < and > escaped.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkup, fitEscaped, truncateText } from './chat-format.js';

describe('truncateText', () => {
  it('leaves short text alone and cuts long text to the limit with an ellipsis', () => {
    assert.equal(truncateText('website is down', 15), 'website is down');
    assert.equal(truncateText('website is down', 10), 'website i…');
  });

  it('does not split a character made of two code units', () => {
    assert.equal(truncateText('ab😀cd', 4), 'ab…');
    assert.equal(truncateText('ab😀cd', 5), 'ab😀…');
  });
});

describe('escapeMarkup', () => {
  it('escapes &, < and > and nothing else', () => {
    assert.equal(escapeMarkup('a <b> & "c" *d*'), 'a &lt;b&gt; &amp; "c" *d*');
  });
});

describe('fitEscaped', () => {
  it('fits the escaped text to the limit without cutting an entity', () => {
    assert.equal(fitEscaped('a&b', 10, escapeMarkup), 'a&amp;b');
    assert.equal(fitEscaped('&&&&', 12, escapeMarkup), '&amp;&amp;…');
    const fitted = fitEscaped('&'.repeat(1000), 3000, escapeMarkup);
    assert.equal(fitted, `${'&amp;'.repeat(599)}…`);
  });
});
