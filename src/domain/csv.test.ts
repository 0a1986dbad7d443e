import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, csvRecord } from './csv.js';

describe('csv', () => {
  it('leaves plain cells alone and quotes those with a comma, quote, CR or LF', () => {
    assert.equal(csvCell('ann@example.com'), 'ann@example.com');
    assert.equal(csvCell(''), '');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
  });

  it('prefixes cells that a spreadsheet would read as a formula', () => {
    assert.equal(csvCell('=1+1'), "'=1+1");
    assert.equal(csvCell('+31 20 123'), "'+31 20 123");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\t=1'), "'\t=1");
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), '"\'=HYPERLINK(""http://x"",""y"")"');
    assert.equal(csvCell('a=b'), 'a=b', 'only a leading character counts');
  });

  it('ends each record with CRLF', () => {
    assert.equal(csvRecord(['id', 'a,b', '=x']), 'id,"a,b",\'=x\r\n');
  });
});
