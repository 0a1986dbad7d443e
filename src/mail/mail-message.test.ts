import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isHeaderName, safeHeaderText } from './mail-message.js';

describe('safeHeaderText', () => {
  it('turns every line break and control character into a space, so no header can start', () => {
    assert.equal(
      safeHeaderText('website\r\nBcc: victim@example.com'),
      'website Bcc: victim@example.com',
    );
    assert.equal(
      safeHeaderText('a\nb\rc\td\u0000e\u007ff\u0085g\u2028h\u2029i'),
      'a b c d e f g h i',
    );
    assert.equal(safeHeaderText('  many   spaces\r\n\r\n  '), 'many spaces');
    assert.equal(safeHeaderText('Ünïcode — fine ✓'), 'Ünïcode — fine ✓');
  });

  it('cuts long text with an ellipsis', () => {
    assert.equal(safeHeaderText('abcdefghij', 5), 'abcd…');
    assert.equal(safeHeaderText('abcde', 5), 'abcde');
    assert.equal(safeHeaderText('x'.repeat(2000)).length, 900);
  });
});

describe('isHeaderName', () => {
  it('accepts header tokens and refuses anything that could end the header', () => {
    assert.equal(isHeaderName('Vigil-Event-Id'), true);
    assert.equal(isHeaderName('X-Thing'), true);
    assert.equal(isHeaderName('Bad: x'), false);
    assert.equal(isHeaderName('Bad\r\nX'), false);
    assert.equal(isHeaderName(''), false);
  });
});
