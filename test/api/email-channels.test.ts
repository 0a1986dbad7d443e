// Email channels through the management API, on both backends, with the system SMTP server
// (VIGIL_SMTP_URL) a local SMTP sink: invalid recipients, sender and smtp_url are refused naming
// the field (never echoing the password), smtp_url is write-only, and "send test" mails through
// VIGIL_SMTP_URL from VIGIL_MAIL_FROM, or through the channel's own server.
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import { create, errorOf, serveForSuite } from './client.js';

const system = await startSmtpSink();
const own = await startSmtpSink({ requireAuth: { user: 'team', pass: 'Own-Pa55word' } });
after(async () => {
  await system.close();
  await own.close();
});

for (const backend of await databaseBackends()) {
  describe(`email channels through the API on ${backend.name}`, { skip: backend.skip }, () => {
    const { call } = serveForSuite(backend, {
      env: {
        VIGIL_SECRET_KEY: randomBytes(32).toString('base64'),
        VIGIL_SMTP_URL: system.url,
        VIGIL_MAIL_FROM: 'Acme Status <status@acme.example>',
      },
    });

    it('names the field at fault without repeating the password', async () => {
      const bad = async (config: unknown, field: string) => {
        const response = await call('POST', '/channels', {
          json: { name: 'bad-mail', type: 'email', config },
        });
        assert.equal(response.status, 400, JSON.stringify(response.body));
        assert.equal(errorOf(response).field, field);
        assert.ok(!JSON.stringify(response.body).includes('Leaky-Pa55'));
        return errorOf(response).message;
      };
      await bad({}, 'config.to');
      assert.match(
        await bad({ to: ['ops@example.com', 'a@b.c\r\nBcc: x@y.z'] }, 'config.to'),
        /to\[1\].*control characters/,
      );
      await bad(
        { to: ['ops@example.com'], from: 'Acme\r\nBcc: x@y.z <s@acme.example>' },
        'config.from',
      );
      await bad(
        { to: ['ops@example.com'], smtp_url: 'http://u:Leaky-Pa55@mail.example.com' },
        'config.smtp_url',
      );
      await bad({ to: ['ops@example.com'], cc: ['x@example.com'] }, 'config.cc');
    });

    it('sends a test mail through VIGIL_SMTP_URL from VIGIL_MAIL_FROM', async () => {
      const { body: channel } = await create(call, '/channels', {
        name: `sys-mail-${backend.name}`,
        type: 'email',
        config: { to: [`ops-${backend.name}@example.com`] },
      });
      assert.deepEqual(channel.config, { to: [`ops-${backend.name}@example.com`], from: null });
      assert.deepEqual(channel.secrets, { smtp_url: false });
      const result = await call('POST', `/channels/${channel.id}/test`);
      assert.deepEqual(result.body, { ok: true, status_code: 250, error: null });
      const mail = await system.waitFor(
        (m) => m.envelope.rcptTo[0] === `ops-${backend.name}@example.com`,
        5000,
      );
      assert.equal(mail.subject, '[Vigil] Vigil test notification');
      assert.deepEqual(mail.from?.value, [{ name: 'Acme Status', address: 'status@acme.example' }]);
    });

    it('keeps a channel smtp_url write-only and sends through it', async () => {
      const { body: channel } = await create(call, '/channels', {
        name: `own-mail-${backend.name}`,
        type: 'email',
        config: {
          to: [`team-${backend.name}@example.com`],
          smtp_url: `smtp://team:Own-Pa55word@127.0.0.1:${own.port}?security=none`,
        },
      });
      assert.deepEqual(channel.secrets, { smtp_url: true });
      const read = await call('GET', `/channels/${channel.id}`);
      assert.ok(!JSON.stringify(read.body).includes('Own-Pa55word'));
      const result = await call('POST', `/channels/${channel.id}/test`);
      assert.deepEqual(result.body, { ok: true, status_code: 250, error: null });
      const mail = await own.waitFor(
        (m) => m.envelope.rcptTo[0] === `team-${backend.name}@example.com`,
        5000,
      );
      assert.equal(mail.user, 'team');
    });
  });
}
