// The SMTP sender against a local SMTP server: exact delivery (headers, envelope, both parts),
// login, refused recipients as permanent or temporary failures with the SMTP code, a server that
// is gone, an aborted send, and the password kept out of every error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.js';
import type { MailMessage } from './mail-message.js';
import {
  describeSmtp,
  parseSmtpUrl,
  smtpSender,
  smtpSettingsKey,
  SmtpUrlError,
  type MailSender,
} from './smtp-sender.js';

const PASSWORD = 's3cret-Pa55word';

function message(overrides: Partial<MailMessage> = {}): MailMessage {
  return {
    from: { name: 'Vigil Status', address: 'status@example.com' },
    to: 'ops@example.org',
    subject: '[Vigil] website is down',
    text: 'website is down\nReason: timeout',
    html: '<p>website is down</p>',
    headers: { 'Vigil-Event-Id': 'evt-1' },
    messageId: 'evt-1@vigil.example.com',
    ...overrides,
  };
}

const signal = (): AbortSignal => new AbortController().signal;

describe('parseSmtpUrl', () => {
  it('reads the three security modes, default ports and percent-encoded logins', () => {
    assert.deepEqual(parseSmtpUrl('smtp://user%40corp:p%3Ass@mail.example.com:587'), {
      host: 'mail.example.com',
      port: 587,
      security: 'starttls',
      username: 'user@corp',
      password: 'p:ss',
    });
    assert.deepEqual(parseSmtpUrl('smtps://mail.example.com'), {
      host: 'mail.example.com',
      port: 465,
      security: 'tls',
    });
    assert.deepEqual(parseSmtpUrl('smtp://mail.example.com'), {
      host: 'mail.example.com',
      port: 587,
      security: 'starttls',
    });
    assert.deepEqual(parseSmtpUrl('smtp://relay:25?security=none'), {
      host: 'relay',
      port: 25,
      security: 'none',
    });
    assert.deepEqual(parseSmtpUrl('smtp://[::1]:2525?security=tls'), {
      host: '::1',
      port: 2525,
      security: 'tls',
    });
  });

  it('refuses what it cannot use, never repeating the password', () => {
    const cases: Array<[string, RegExp]> = [
      ['not a url', /must be a URL/],
      [`http://u:${PASSWORD}@mail.example.com`, /smtp:\/\/ or smtps:\/\//],
      ['smtp://mail.example.com/path', /path/],
      [`smtp://u:${PASSWORD}@mail.example.com?security=ssl`, /tls, starttls or none/],
      ['smtp://mail.example.com?tls=1', /unknown option "tls"/],
      ['smtps://mail.example.com?security=none', /always uses TLS/],
      [`smtp://:${PASSWORD}@mail.example.com`, /no user name/],
      ['smtp://u:%zz@mail.example.com', /percent-encoding/],
    ];
    for (const [url, expected] of cases) {
      assert.throws(
        () => parseSmtpUrl(url),
        (error: unknown) =>
          error instanceof SmtpUrlError &&
          expected.test(error.message) &&
          !error.message.includes(PASSWORD),
        url,
      );
    }
  });

  it('describes settings without the password and keys them by every field', () => {
    const settings = parseSmtpUrl(`smtp://u:${PASSWORD}@mail.example.com`);
    assert.equal(describeSmtp(settings), 'smtp://u@mail.example.com:587 (starttls)');
    assert.notEqual(smtpSettingsKey(settings), smtpSettingsKey({ ...settings, password: 'other' }));
    assert.equal(
      smtpSettingsKey(settings),
      smtpSettingsKey(parseSmtpUrl(`smtp://u:${PASSWORD}@MAIL.example.com:587`)),
    );
  });
});

describe('smtpSender', () => {
  let sink: SmtpSink;
  let sender: MailSender;

  before(async () => {
    sink = await startSmtpSink({
      rejectRecipients: (rcpt) =>
        rcpt === 'gone@example.org' ? 550 : rcpt === 'full@example.org' ? 452 : undefined,
    });
    sender = smtpSender(parseSmtpUrl(sink.url), { maxConnections: 2 });
  });
  after(async () => {
    sender.close();
    await sink.close();
  });

  it('delivers a message with exactly the given headers, envelope and both parts', async () => {
    const outcome = await sender.send(message(), signal());
    assert.deepEqual(outcome, { ok: true, statusCode: 250, error: null });
    const mail = await sink.waitFor((m) => m.messageId === '<evt-1@vigil.example.com>', 5000);
    assert.deepEqual(mail.envelope, {
      mailFrom: 'status@example.com',
      rcptTo: ['ops@example.org'],
    });
    assert.deepEqual(mail.from?.value, [{ name: 'Vigil Status', address: 'status@example.com' }]);
    assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : null, 'ops@example.org');
    assert.equal(mail.subject, '[Vigil] website is down');
    assert.equal(mail.text, 'website is down\nReason: timeout');
    assert.equal(mail.html, '<p>website is down</p>');
    assert.equal(mail.headers.get('vigil-event-id'), 'evt-1');
  });

  it('keeps injected line breaks in subject, name and headers inside their own header', async () => {
    const outcome = await sender.send(
      message({
        from: { name: 'Vigil\r\nBcc: victim@example.net', address: 'status@example.com' },
        subject: 'down\r\nBcc: victim@example.net',
        headers: { 'Vigil-Event-Id': 'evt-2\r\nBcc: victim@example.net' },
        messageId: 'evt-2@vigil.example.com',
      }),
      signal(),
    );
    assert.equal(outcome.ok, true);
    const mail = await sink.waitFor((m) => m.messageId === '<evt-2@vigil.example.com>', 5000);
    assert.deepEqual(mail.envelope.rcptTo, ['ops@example.org']);
    assert.equal(mail.headers.has('bcc'), false);
    assert.equal(mail.subject, 'down Bcc: victim@example.net');
    assert.equal(mail.from?.value[0]?.name, 'Vigil Bcc: victim@example.net');
    assert.equal(mail.headers.get('vigil-event-id'), 'evt-2 Bcc: victim@example.net');
  });

  it('reports a refused recipient: 5xx permanent, 4xx temporary, with the SMTP code', async () => {
    const gone = await sender.send(
      message({ to: 'gone@example.org', messageId: 'g@x.example' }),
      signal(),
    );
    assert.equal(gone.ok, false);
    assert.equal(gone.statusCode, 550);
    assert.equal(gone.permanent, true);
    assert.match(gone.error ?? '', /550/);
    const full = await sender.send(
      message({ to: 'full@example.org', messageId: 'f@x.example' }),
      signal(),
    );
    assert.equal(full.ok, false);
    assert.equal(full.statusCode, 452);
    assert.equal(full.permanent, false);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await sender.send(message(), controller.signal);
    assert.deepEqual(outcome, {
      ok: false,
      statusCode: null,
      error: 'the send was aborted (timeout or shutdown)',
    });
  });
});

describe('smtpSender with a login', () => {
  let sink: SmtpSink;
  before(async () => {
    sink = await startSmtpSink({ requireAuth: { user: 'vigil', pass: PASSWORD } });
  });
  after(() => sink.close());

  it('logs in and delivers', async () => {
    const sender = smtpSender(
      parseSmtpUrl(
        `smtp://vigil:${encodeURIComponent(PASSWORD)}@127.0.0.1:${sink.port}?security=none`,
      ),
    );
    try {
      const outcome = await sender.send(message({ messageId: 'auth-1@x.example' }), signal());
      assert.deepEqual(outcome, { ok: true, statusCode: 250, error: null });
      const mail = await sink.waitFor((m) => m.messageId === '<auth-1@x.example>', 5000);
      assert.equal(mail.user, 'vigil');
    } finally {
      sender.close();
    }
  });

  it('reports a wrong password as a permanent 535 without the password', async () => {
    const wrong = `${PASSWORD}-wrong`;
    const sender = smtpSender(
      parseSmtpUrl(`smtp://vigil:${wrong}@127.0.0.1:${sink.port}?security=none`),
    );
    try {
      const outcome = await sender.send(message(), signal());
      assert.equal(outcome.ok, false);
      assert.equal(outcome.statusCode, 535);
      assert.equal(outcome.permanent, true);
      assert.ok(!(outcome.error ?? '').includes(wrong), outcome.error ?? '');
      assert.ok(!(outcome.error ?? '').includes(Buffer.from(wrong).toString('base64')));
    } finally {
      sender.close();
    }
  });

  it('never sends a password in clear when STARTTLS was asked for and is not offered', async () => {
    const sender = smtpSender(parseSmtpUrl(`smtp://vigil:${PASSWORD}@127.0.0.1:${sink.port}`));
    try {
      const before = sink.count();
      const outcome = await sender.send(message(), signal());
      assert.equal(outcome.ok, false);
      assert.match(outcome.error ?? '', /STARTTLS/i);
      assert.ok(!(outcome.error ?? '').includes(PASSWORD));
      assert.equal(sink.count(), before);
    } finally {
      sender.close();
    }
  });
});

describe('smtpSender with the server gone', () => {
  it('reports a connection error, temporary, without the password', async () => {
    const sink = await startSmtpSink();
    const port = sink.port;
    await sink.close();
    const sender = smtpSender(
      parseSmtpUrl(`smtp://vigil:${PASSWORD}@127.0.0.1:${port}?security=none`),
      { connectionTimeoutMs: 2000 },
    );
    try {
      const outcome = await sender.send(message(), signal());
      assert.equal(outcome.ok, false);
      assert.equal(outcome.statusCode, null);
      assert.equal(outcome.permanent, false);
      assert.match(outcome.error ?? '', /ECONNREFUSED/);
      assert.ok(!(outcome.error ?? '').includes(PASSWORD));
    } finally {
      sender.close();
    }
  });
});
