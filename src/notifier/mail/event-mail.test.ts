// The shared mail layout: subject with prefix and no line breaks, the plain-text part line by
// line, everything escaped into the HTML, the severity colour, and the unsubscribe link in both.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { messageIdFor } from '../../mail/mail-message.js';
import { renderMail } from './event-mail.js';

describe('renderMail', () => {
  it('renders subject, text and escaped HTML with footer and unsubscribe link', () => {
    const mail = renderMail({
      title: 'Incident opened: API <errors>\r\nBcc: x@y.z',
      lines: ['Status: investigating', 'We are "looking" & will update'],
      severity: 'warning',
      footerLines: ['You subscribed to Acme status.'],
      unsubscribeUrl: 'https://status.example.com/unsubscribe?t=a&b="c"',
      subjectPrefix: '[Acme]',
    });
    assert.equal(mail.subject, '[Acme] Incident opened: API <errors> Bcc: x@y.z');
    assert.equal(
      mail.text,
      [
        'Incident opened: API <errors>\r\nBcc: x@y.z',
        '',
        'Status: investigating',
        'We are "looking" & will update',
        '',
        '--',
        'You subscribed to Acme status.',
        'Unsubscribe: https://status.example.com/unsubscribe?t=a&b="c"',
        '',
      ].join('\n'),
    );
    assert.ok(mail.html.includes('API &lt;errors&gt;'));
    assert.ok(mail.html.includes('We are &quot;looking&quot; &amp; will update'));
    assert.ok(
      mail.html.includes(
        '<a href="https://status.example.com/unsubscribe?t=a&amp;b=&quot;c&quot;" style="color:#5f6368">Unsubscribe</a>',
      ),
    );
    assert.ok(mail.html.includes('background:#f29900'));
    assert.ok(!mail.html.includes('<errors>'));
  });

  it('leaves out the footer when there is none', () => {
    const mail = renderMail({ title: 'ok', lines: [], severity: 'ok' });
    assert.equal(mail.subject, '[Vigil] ok');
    assert.equal(mail.text, 'ok\n\n');
    assert.ok(!mail.html.includes('border-top'));
  });
});

describe('messageIdFor', () => {
  it('uses a plain event id as is and hashes anything else', () => {
    assert.equal(messageIdFor('update-u1', 'example.com'), 'update-u1@example.com');
    assert.match(messageIdFor('a b<c>', 'example.com'), /^[0-9a-f]{40}@example\.com$/);
    assert.equal(messageIdFor('a b', 'x.com'), messageIdFor('a b', 'x.com'));
    assert.equal(messageIdFor('e1', 'BAD DOMAIN'), 'e1@vigil.invalid');
  });
});
