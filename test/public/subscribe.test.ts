// Subscribers end to end over HTTP on both backends (web + notifier in this process, a local SMTP
// sink and webhook receiver): the form and its headers; double opt-in (nothing is sent before
// the confirmation); component choice; the same answer for new, pending and confirmed addresses;
// the per-address and per-IP limits; bad input naming the field; the proof of work required
// once per solution; one-click unsubscribe; webhook subscribers; expired and unknown links.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../cli/cli-support.js';
import { databaseBackends } from '../support/databases.js';
import type { SinkMessage } from '../support/smtp-sink.js';
import { startSubscribeSite, type SubscribeSite } from './support/subscribe-site.js';

const WAIT_MS = 20_000;

function linkIn(message: SinkMessage, pattern: RegExp): string {
  const match = pattern.exec(message.text ?? '');
  assert.ok(match, `no link ${pattern} in:\n${message.text}`);
  return match[0];
}

/** A header as it was written (mailparser turns List-Unsubscribe into an object). */
function rawHeader(message: SinkMessage, name: string): string | undefined {
  const line = message.headerLines.find((header) => header.key === name)?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
}

function mainOf(html: string): string {
  return /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
}

for (const backend of await databaseBackends()) {
  describe(`subscribers on ${backend.name}`, { skip: backend.skip }, () => {
    let site: SubscribeSite;

    before(async () => {
      site = await startSubscribeSite(backend);
    });
    after(() => site.close());

    const subscribe = async (fields: Record<string, string | string[]>, path = '/subscribe') =>
      site.postForm(path, { altcha: await site.solveAltcha(), ...fields });

    it('links the form from the status page and serves it uncached with the security headers', async () => {
      const home = await (await fetch(`${site.web.baseUrl}/`)).text();
      assert.match(home, /<a href="\/subscribe">Subscribe to updates<\/a>/);
      for (const path of ['/subscribe', `/s/${site.slug}/subscribe`]) {
        const response = await fetch(`${site.web.baseUrl}${path}`);
        assert.equal(response.status, 200, path);
        assert.equal(response.headers.get('cache-control'), 'no-store');
        assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        const html = await response.text();
        assert.match(html, /<altcha-widget challenge="\/subscribe\/challenge" name="altcha"/);
        assert.match(html, /<fieldset class="subscribe-group"><legend>Backend<\/legend>/);
        assert.match(html, new RegExp(`value="${site.components.api}"`));
        assert.match(html, /<script type="module" src="\/assets\/subscribe\.js\?v=/);
      }
      const challenge = await fetch(`${site.web.baseUrl}/subscribe/challenge`);
      assert.equal(challenge.headers.get('cache-control'), 'no-store');
      const script = await (
        await fetch(
          `${site.web.baseUrl}${/src="(\/assets\/subscribe\.js[^"]*)"/.exec(await (await fetch(`${site.web.baseUrl}/subscribe`)).text())![1]}`,
        )
      ).text();
      assert.match(script, /import "\/assets\/altcha\/altcha\.js\?v=/);
    });

    it('refuses bad input with 400 naming the field, and a missing, forged or reused proof of work', async () => {
      const badEmail = await subscribe({ email: 'not an address' });
      assert.equal(badEmail.status, 400);
      assert.match(await badEmail.text(), /id="email-error">Email address must/);
      const badUrl = await subscribe({ webhook_url: 'ftp://example.com/x' });
      assert.equal(badUrl.status, 400);
      assert.match(await badUrl.text(), /id="webhook_url-error">Webhook URL must be an absolute/);
      const both = await subscribe({ email: 'a@example.com', webhook_url: 'https://example.com/' });
      assert.match(
        await both.text(),
        /id="email-error">enter an email address or a webhook URL, not both/,
      );
      const badComponent = await subscribe({ email: 'a@example.com', components: 'nope' });
      assert.equal(badComponent.status, 400);
      assert.match(await badComponent.text(), /id="components-error">there is no component/);

      const missing = await site.postForm('/subscribe', { email: 'pow@example.com' });
      assert.equal(missing.status, 400);
      assert.match(await missing.text(), /id="altcha-error">Confirm you are not a robot/);
      const forged = await site.postForm('/subscribe', {
        email: 'pow@example.com',
        altcha: Buffer.from('{"challenge":{},"solution":{}}').toString('base64'),
      });
      assert.equal(forged.status, 400);
      assert.match(await forged.text(), /id="altcha-error">The proof of work is not valid/);
      const altcha = await site.solveAltcha();
      const tampered = JSON.parse(Buffer.from(altcha, 'base64').toString()) as {
        solution: { derivedKey: string };
      };
      const key = tampered.solution.derivedKey;
      tampered.solution.derivedKey = `${key.startsWith('0') ? '1' : '0'}${key.slice(1)}`;
      const wrong = await site.postForm('/subscribe', {
        email: 'pow@example.com',
        altcha: Buffer.from(JSON.stringify(tampered)).toString('base64'),
      });
      assert.equal(wrong.status, 400);
      assert.equal(
        (await site.postForm('/subscribe', { email: 'pow@example.com', altcha })).status,
        200,
      );
      const reused = await site.postForm('/subscribe', { email: 'pow2@example.com', altcha });
      assert.equal(reused.status, 400);
      assert.match(await reused.text(), /already used/);
    });

    it('sends nothing before confirmation, then exactly the chosen components, and stops on unsubscribe', async () => {
      const address = `dora-${backend.name}@example.com`;
      const signUp = await subscribe({ email: address, components: site.components.api });
      assert.equal(signUp.status, 200);
      assert.equal(signUp.headers.get('cache-control'), 'no-store');
      assert.match(await signUp.text(), /Check your inbox to confirm/);
      const confirmation = await site.sink.waitFor(
        (m) =>
          m.envelope.rcptTo.includes(address) && /Confirm your subscription/.test(m.subject ?? ''),
        WAIT_MS,
      );
      const subscriber = await site.web.database.db
        .selectFrom('subscribers')
        .selectAll()
        .where('address', '=', address)
        .executeTakeFirstOrThrow();
      assert.equal(subscriber.status, 'pending');

      // Unconfirmed: an incident on its component reaches nobody.
      const early = await site.openIncident('Early trouble', 'Before confirming', [
        site.components.api,
      ]);
      await site.waitFannedOut();
      assert.deepEqual(await site.subscribersReached(early), []);

      const confirmUrl = linkIn(
        confirmation,
        /http:\/\/[^\s]+\/subscribe\/confirm\/[A-Za-z0-9_-]+/,
      );
      const confirmPath = new URL(confirmUrl).pathname;
      const shown = await fetch(`${site.web.baseUrl}${confirmPath}`);
      assert.equal(shown.status, 200);
      assert.match(await shown.text(), new RegExp(`<form method="post" action="${confirmPath}">`));
      assert.equal(
        (
          await site.web.database.db
            .selectFrom('subscribers')
            .select('status')
            .where('id', '=', subscriber.id)
            .executeTakeFirstOrThrow()
        ).status,
        'pending',
        'opening the link (a mail scanner) confirms nothing',
      );
      const confirmed = await site.postForm(confirmPath, {});
      assert.equal(confirmed.status, 200);
      assert.match(await confirmed.text(), /You are subscribed/);
      assert.equal((await site.postForm(confirmPath, {})).status, 404, 'a used link names nothing');

      const apiIncident = await site.openIncident('API errors', 'We see elevated errors', [
        site.components.api,
      ]);
      const mail = await site.sink.waitFor(
        (m) => m.envelope.rcptTo.includes(address) && /API errors/.test(m.subject ?? ''),
        WAIT_MS,
      );
      assert.equal(mail.subject, '[Acme] Incident opened: API errors');
      assert.match(mail.text ?? '', /We see elevated errors/);
      assert.match(mail.text ?? '', /Affected components: API/);
      const unsubscribeUrl = `${site.web.baseUrl}/unsubscribe/${subscriber.unsubscribe_token}`;
      assert.ok(mail.text?.includes(`Unsubscribe: ${unsubscribeUrl}`));
      assert.ok(String(mail.html).includes(`href="${unsubscribeUrl}"`));
      assert.equal(rawHeader(mail, 'list-unsubscribe'), `<${unsubscribeUrl}>`);
      assert.equal(rawHeader(mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');

      await site.web.services.incidents.postUpdate(apiIncident, {
        status: 'identified',
        body: 'A bad deploy; rolling back',
      });
      const update = await site.sink.waitFor(
        (m) => m.envelope.rcptTo.includes(address) && /rolling back/.test(m.text ?? ''),
        WAIT_MS,
      );
      assert.equal(update.subject, '[Acme] Incident updated: API errors');

      const dbIncident = await site.openIncident('Database slow', 'Slow queries', [
        site.components.db,
      ]);
      await site.waitFannedOut();
      assert.ok(!(await site.subscribersReached(dbIncident)).includes(subscriber.id));

      // GET shows a button only; the one-click POST (RFC 8058 body) unsubscribes.
      const page = await fetch(unsubscribeUrl);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      assert.match(await page.text(), /<button type="submit">Unsubscribe<\/button>/);
      const oneClick = await site.postForm(`/unsubscribe/${subscriber.unsubscribe_token}`, {
        'List-Unsubscribe': 'One-Click',
      });
      assert.equal(oneClick.status, 200);
      assert.match(await oneClick.text(), /You are unsubscribed/);
      assert.equal(
        await site.web.database.db
          .selectFrom('subscribers')
          .select('id')
          .where('id', '=', subscriber.id)
          .executeTakeFirst(),
        undefined,
      );
      const after = await site.openIncident('API errors again', 'Again', [site.components.api]);
      await site.waitFannedOut();
      assert.deepEqual(await site.subscribersReached(after), []);
      assert.equal((await fetch(unsubscribeUrl)).status, 404);
    });

    it('answers the same for a new, a pending and a confirmed address, within the per-address limit', async () => {
      const address = `same-${backend.name}@example.com`;
      const bodies: string[] = [];
      for (let i = 0; i < 2; i++) {
        const response = await subscribe({ email: address });
        assert.equal(response.status, 200);
        bodies.push(mainOf(await response.text()));
      }
      const first = await site.sink.waitFor((m) => m.envelope.rcptTo.includes(address), WAIT_MS);
      const link = linkIn(first, /\/subscribe\/confirm\/[A-Za-z0-9_-]+/);
      await site.postForm(link, {});
      const confirmedAnswer = await subscribe({ email: address.toUpperCase() });
      assert.equal(confirmedAnswer.status, 200);
      bodies.push(mainOf(await confirmedAnswer.text()));
      assert.equal(new Set(bodies).size, 1, 'every answer is the same page');
      await site.sink.waitFor(
        (m) => m.envelope.rcptTo.includes(address) && /already subscribed/.test(m.subject ?? ''),
        WAIT_MS,
      );
      // The limit (3 a day) is reached: a fourth sign-up answers the same and sends nothing.
      const fourth = await subscribe({ email: address });
      assert.equal(mainOf(await fourth.text()), bodies[0]);
      await site.waitFannedOut();
      const mine = await site.web.database.db
        .selectFrom('deliveries as d')
        .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
        .select('d.id')
        .where('s.address', '=', address)
        .execute();
      assert.equal(mine.length, 3, 'two confirmations and one "already subscribed", no fourth');
      // Both confirmation mails carried the same working link.
      const links = site.sink
        .messages()
        .filter((m) => m.envelope.rcptTo.includes(address) && /Confirm/.test(m.subject ?? ''))
        .map((m) => linkIn(m, /\/subscribe\/confirm\/[A-Za-z0-9_-]+/));
      assert.equal(new Set(links).size, 1);
    });

    it('confirms a webhook subscriber at once and posts it the event JSON with an unsubscribe URL', async () => {
      const url = `${site.receiver.url}/subscriber-hook`;
      assert.equal(
        (await subscribe({ webhook_url: url, components: site.components.db })).status,
        200,
      );
      const incident = await site.openIncident('Replica lag', 'Replicas are behind', [
        site.components.db,
      ]);
      const request = await waitForRequest(site, '/subscriber-hook');
      const body = JSON.parse(request.body) as Record<string, unknown>;
      assert.equal(body.type, 'incident.created');
      assert.equal((body.incident as { id: string }).id, incident);
      assert.equal(
        (body.incident as { update: { body: string } }).update.body,
        'Replicas are behind',
      );
      assert.match(String(body.unsubscribe_url), /\/unsubscribe\/[A-Za-z0-9_-]{20,}$/);
      assert.equal(request.headers['vigil-event-id'], body.id);
      assert.equal(request.headers['content-type'], 'application/json');
    });

    it('shows a friendly page for unknown and expired links', async () => {
      const unknown = await fetch(`${site.web.baseUrl}/subscribe/confirm/${'x'.repeat(43)}`);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.headers.get('cache-control'), 'no-store');
      assert.match(await unknown.text(), /This link is not valid/);
      const address = `late-${backend.name}@example.com`;
      await subscribe({ email: address });
      const mail = await site.sink.waitFor((m) => m.envelope.rcptTo.includes(address), WAIT_MS);
      await site.web.database.db
        .updateTable('subscribers')
        .set({ confirm_expires_at: new Date(Date.now() - 1000) })
        .where('address', '=', address)
        .execute();
      const expired = await fetch(
        `${site.web.baseUrl}${linkIn(mail, /\/subscribe\/confirm\/[A-Za-z0-9_-]+/)}`,
      );
      assert.equal(expired.status, 410);
      assert.match(await expired.text(), /This confirmation link has expired/);
      assert.equal((await fetch(`${site.web.baseUrl}/unsubscribe/short`)).status, 404);
    });

    it('refuses a cross-site post of the form', async () => {
      const response = await fetch(`${site.web.baseUrl}/subscribe`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'https://evil.example',
        },
        body: new URLSearchParams({ email: 'x@example.com' }).toString(),
      });
      assert.equal(response.status, 403);
    });
  });
}

describe('the per-IP sign-up limit', () => {
  let site: SubscribeSite;

  before(async () => {
    const [pglite] = await databaseBackends();
    site = await startSubscribeSite(pglite!, { VIGIL_SUBSCRIBE_RATE_LIMIT: '2' });
  });
  after(() => site.close());

  it('answers 429 past the limit, before any work', async () => {
    for (let i = 0; i < 2; i++) {
      const response = await site.postForm('/subscribe', { email: `ip${i}@example.com` });
      assert.equal(response.status, 400, 'counted, then refused for the missing proof of work');
    }
    const third = await site.postForm('/subscribe', {
      email: 'ip3@example.com',
      altcha: await site.solveAltcha(),
    });
    assert.equal(third.status, 429);
    assert.ok(Number(third.headers.get('retry-after')) > 0);
    assert.match(await third.text(), /Too many attempts/);
  });
});

function waitForRequest(site: SubscribeSite, prefix: string) {
  return waitFor(`a request to ${prefix}`, async () => site.receiver.requests(prefix)[0], WAIT_MS);
}
