// The strict XML reader the feed and badge tests rely on must itself reject malformed documents.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { childElements, onlyChild, parseXml, textOf, XmlError } from './support/strict-xml.js';

describe('strict XML reader used by the public site tests', () => {
  it('reads elements, attributes, entities and CDATA', () => {
    const root = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a x="1 &amp; 2" y='&lt;'><b>T &#38; &#x3C;</b><b/><c><![CDATA[<raw>]]></c></a>\n`,
    );
    assert.equal(root.name, 'a');
    assert.deepEqual(root.attributes, { x: '1 & 2', y: '<' });
    assert.equal(childElements(root, 'b').length, 2);
    assert.equal(textOf(childElements(root, 'b')[0]!), 'T & <');
    assert.equal(textOf(onlyChild(root, 'c')), '<raw>');
  });

  for (const [what, source] of [
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['a bare less-than in an attribute', '<a t="<"/>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['an unclosed element', '<a><b></b>'],
    ['two roots', '<a/><b/>'],
    ['text after the root', '<a/>x'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['a control character', '<a>\u0001</a>'],
  ] as const) {
    it(`rejects ${what}`, () => {
      assert.throws(() => parseXml(source), XmlError);
    });
  }
});
