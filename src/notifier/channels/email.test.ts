// The email channel: configuration errors name the field (to, from, smtp_url) without echoing
// secrets; a down event arrives at a local SMTP server with the exact subject, sender,
// recipients, text part, escaped HTML and dedupe headers; refused recipients and a missing SMTP
// server are reported, and a retry mails only the recipients earlier attempts did not settle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp-sink.js';
import { eventFromOutbox, type NotificationEvent } from '../../domain/notifications/index.js';
import { parseSmtpUrl } from '../../mail/smtp-sender.js';
import type { SendContext } from '../channel.js';
import { mailSenderCache, type MailSenders } from '../mail/mail-senders.js';
import { emailChannel, NO_SMTP_SERVER } from './email.js';

const event: NotificationEvent = eventFromOutbox({
  id: 1,
  kind: 'monitor.down',
  createdAt: new Date('2026-03-01T10:00:00Z'),
  payload: {
    event_id: 'evt-mail-1',
    monitor_id: 'm1',
    monitor_name: '<b>x</b>',
    from: 'up',
    to: 'down',
    occurred_at: '2026-03-01T09:59:58.000Z',
    reason: {
      summary: '2 of 3 regions failing (quorum 2): eu, us',
      quorum: 2,
      failingRegions: ['eu', 'us'],
      okRegions: ['ap'],
      silentRegions: [],
      slowRegions: [],
    },
  },
})!;

function config(input: Record<string, unknown>) {
  const check = emailChannel.validate(input);
  assert.ok(check.ok, JSON.stringify(check));
  return check.config;
}

const errors = (input: Record<string, unknown>) => {
  const check = emailChannel.validate(input);
  return check.ok ? [] : check.errors.map((e) => e.field);
};

describe('email channel configuration', () => {
  it('accepts recipients as a list or form text, normalised, with optional from and smtp_url', () => {
    assert.deepEqual(config({ to: ['Ops@Example.COM', 'ops@example.com', 'dev@example.org'] }), {
      to: ['Ops@example.com', 'dev@example.org'],
      from: null,
      smtp_url: null,
    });
    assert.deepEqual(
      config({
        to: 'a@example.com\r\nb@example.com, c@example.com\n',
        from: '"Acme Status" <status@Acme.example>',
        smtp_url: 'smtp://u:p@mail.example.com:587',
      }),
      {
        to: ['a@example.com', 'b@example.com', 'c@example.com'],
        from: 'Acme Status <status@acme.example>',
        smtp_url: 'smtp://u:p@mail.example.com:587',
      },
    );
    // What validate returns is what is stored and validated again before sending.
    const stored = config({ to: ['a@example.com'], from: 'Acme, Inc <s@acme.example>' });
    assert.deepEqual(config({ ...(stored as Record<string, unknown>) }), stored);
  });

  it('names the field at fault', () => {
    assert.deepEqual(errors({}), ['to']);
    assert.deepEqual(errors({ to: [] }), ['to']);
    assert.deepEqual(errors({ to: 'not-an-address' }), ['to']);
    assert.deepEqual(errors({ to: ['a@example.com', 'a@b.c\r\nBcc: x@y.z'] }), ['to']);
    assert.deepEqual(errors({ to: 42 }), ['to']);
    assert.deepEqual(errors({ to: Array.from({ length: 51 }, (_, i) => `u${i}@example.com`) }), [
      'to',
    ]);
    assert.deepEqual(errors({ to: ['a@example.com'], from: 'Vigil <nope>' }), ['from']);
    assert.deepEqual(errors({ to: ['a@example.com'], from: 'Vigil\r\nBcc: x@y.z <a@b.com>' }), [
      'from',
    ]);
    assert.deepEqual(errors({ to: ['a@example.com'], smtp_url: 'http://mail.example.com' }), [
      'smtp_url',
    ]);
    assert.deepEqual(errors({ to: ['a@example.com'], smtp_url: 42 }), ['smtp_url']);
    assert.deepEqual(errors({ to: ['bad'], smtp_url: 'nope' }), ['to', 'smtp_url']);
    assert.deepEqual(errors({ to: ['a@example.com'], cc: ['b@example.com'] }), ['cc']);
  });

  it('says which address is wrong and never repeats the SMTP password', () => {
    const check = emailChannel.validate({
      to: ['ok@example.com', 'broken@'],
      smtp_url: 'smtps://u:TopSecret99@mail.example.com?security=none',
    });
    assert.equal(check.ok, false);
    const messages = check.ok ? [] : check.errors.map((e) => e.message);
    assert.match(messages[0] ?? '', /^to\[1\] "broken@" must have a domain after the @$/);
    assert.match(messages[1] ?? '', /^smtp_url smtps:\/\/ always uses TLS/);
    assert.ok(messages.every((m) => !m.includes('TopSecret99')));
  });
});

describe('email channel sending', () => {
  let sink: SmtpSink;
  let senders: MailSenders;
  const context = (mail: Partial<NonNullable<SendContext['mail']>> = {}): SendContext => ({
    signal: AbortSignal.timeout(10_000),
    attempt: 1,
    now: new Date('2026-03-01T10:00:05Z'),
    mail: {
      smtp: parseSmtpUrl(sink.url),
      from: { name: 'Vigil', address: 'vigil@status.example.com' },
      senders,
      ...mail,
    },
  });

  before(async () => {
    sink = await startSmtpSink({
      rejectRecipients: (rcpt) =>
        rcpt.startsWith('gone') ? 550 : rcpt.startsWith('busy') ? 451 : 0,
    });
    senders = mailSenderCache();
  });
  after(async () => {
    senders.close();
    await sink.close();
  });

  it('sends one mail per recipient with the exact subject, from, text, escaped HTML and ids', async () => {
    const result = await emailChannel.send(
      event,
      config({ to: ['ops@example.com', 'oncall@example.org'] }),
      context(),
    );
    assert.deepEqual(result, { ok: true, statusCode: 250, error: null });
    const mails = sink.messages().filter((m) => m.headers.get('vigil-event-id') === 'evt-mail-1');
    assert.deepEqual(mails.map((m) => m.envelope.rcptTo).sort(), [
      ['oncall@example.org'],
      ['ops@example.com'],
    ]);
    const mail = mails.find((m) => m.envelope.rcptTo[0] === 'ops@example.com')!;
    assert.equal(mail.subject, '[Vigil] <b>x</b> is down');
    assert.deepEqual(mail.from?.value, [{ name: 'Vigil', address: 'vigil@status.example.com' }]);
    assert.equal(mail.envelope.mailFrom, 'vigil@status.example.com');
    assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : null, 'ops@example.com');
    assert.equal(mail.messageId, '<evt-mail-1@status.example.com>');
    assert.equal(mail.headers.get('vigil-event-type'), 'monitor.down');
    assert.equal(
      mail.text,
      [
        '<b>x</b> is down',
        '',
        'Reason: 2 of 3 regions failing (quorum 2): eu, us',
        'Failing regions: eu, us',
        'OK regions: ap',
        'Status: up → down',
        '',
        '--',
        'Event evt-mail-1 (monitor.down) at 2026-03-01T09:59:58.000Z',
        'Sent by Vigil.',
        '',
      ].join('\n'),
    );
    const html = String(mail.html);
    assert.ok(html.includes('&lt;b&gt;x&lt;/b&gt; is down'), html);
    assert.ok(!html.includes('<b>x</b>'), 'the monitor name is escaped in the HTML');
    assert.ok(html.includes('Failing regions: eu, us'));
    assert.ok(html.includes('background:#d93025'), 'a red severity bar for a down event');
  });

  it('uses the channel from and SMTP server over the system ones', async () => {
    const other = await startSmtpSink();
    try {
      const result = await emailChannel.send(
        event,
        config({ to: ['a@example.com'], from: 'Team <team@example.net>', smtp_url: other.url }),
        context(),
      );
      assert.equal(result.ok, true, JSON.stringify(result));
      const mail = await other.waitFor(() => true, 5000);
      assert.deepEqual(mail.from?.value, [{ name: 'Team', address: 'team@example.net' }]);
      assert.equal(mail.messageId, '<evt-mail-1@example.net>');
    } finally {
      await other.close();
    }
  });

  it('reports refused recipients: all 5xx is permanent, a 4xx among them is not', async () => {
    const permanent = await emailChannel.send(
      event,
      config({ to: ['ok@example.com', 'gone@example.com'] }),
      context(),
    );
    assert.equal(permanent.ok, false);
    assert.equal(permanent.statusCode, 550);
    assert.equal(permanent.permanent, true);
    assert.match(
      permanent.error ?? '',
      /^1 of 2 recipients failed\. Refused for good \(not retried\): gone@example\.com: [^;]*550[^;]*\. Accepted: ok@example\.com\.$/,
    );
    assert.deepEqual(permanent.settled, {
      accepted: ['ok@example.com'],
      refused: ['gone@example.com'],
    });
    const temporary = await emailChannel.send(
      event,
      config({ to: ['gone@example.com', 'busy@example.com'] }),
      context(),
    );
    assert.equal(temporary.ok, false);
    assert.equal(temporary.permanent, undefined);
    assert.match(
      temporary.error ?? '',
      /^2 of 2 recipients failed\. Refused for good \(not retried\): gone@example\.com: .*550.*\. Failed for now \(retried while attempts remain\): busy@example\.com: .*451.*\.$/,
    );
    assert.deepEqual(temporary.settled, { accepted: [], refused: ['gone@example.com'] });
    const busy = await emailChannel.send(
      event,
      config({ to: ['busy@example.com', 'busy2@example.com'] }),
      context(),
    );
    assert.match(busy.error ?? '', /^busy@example\.com: .*451.*; busy2@example\.com: .*451/);
  });

  it('mails only the recipients that earlier attempts did not settle', async () => {
    const retried: NotificationEvent = { ...event, id: 'evt-mail-retried' };
    const mailedTo = () =>
      sink
        .messages()
        .filter((m) => m.headers.get('vigil-event-id') === retried.id)
        .map((m) => m.envelope.rcptTo.join(','))
        .sort();
    const to = config({ to: ['had@example.com', 'later@example.com', 'gone@example.com'] });
    const earlier = (accepted: string[], refused: string[]) => ({
      ...context(),
      attempt: 2,
      settled: { accepted, refused },
    });

    const delivered = await emailChannel.send(
      retried,
      config({ to: ['had@example.com', 'later@example.com'] }),
      earlier(['HAD@example.com'], []),
    );
    assert.deepEqual(delivered, { ok: true, statusCode: 250, error: null });
    assert.deepEqual(mailedTo(), ['later@example.com']);

    const refused = await emailChannel.send(
      retried,
      to,
      earlier(['had@example.com', 'later@example.com'], ['gone@example.com']),
    );
    assert.deepEqual(refused, {
      ok: false,
      statusCode: null,
      error:
        '1 of 3 recipients failed. Refused for good (not retried): gone@example.com: refused in an earlier attempt. Accepted: had@example.com, later@example.com.',
      permanent: true,
      settled: { accepted: [], refused: ['gone@example.com'] },
    });
    assert.deepEqual(mailedTo(), ['later@example.com'], 'nobody was mailed again');
  });

  it('fails clearly with no SMTP server anywhere, and works without a sender pool', async () => {
    const none = await emailChannel.send(
      event,
      config({ to: ['a@example.com'] }),
      context({ smtp: undefined }),
    );
    assert.deepEqual(none, { ok: false, statusCode: null, error: NO_SMTP_SERVER });
    const bare = await emailChannel.send(
      event,
      config({ to: ['solo@example.com'], smtp_url: sink.url }),
      { signal: AbortSignal.timeout(10_000), attempt: 1, now: new Date() },
    );
    assert.equal(bare.ok, true, JSON.stringify(bare));
    const mail = await sink.waitFor((m) => m.envelope.rcptTo[0] === 'solo@example.com', 5000);
    assert.deepEqual(mail.from?.value, [{ name: 'Vigil', address: 'vigil@localhost' }]);
  });
});
