// The address and mailbox rules: what passes comes out normalised; everything that could carry a
// second header, a second recipient or a display name into To/From is refused with a reason.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseMailAddress, parseMailbox } from './mail-address.js';

function refused(value: unknown): string {
  const check = parseMailAddress(value);
  assert.equal(check.ok, false, `${JSON.stringify(value)} should be refused`);
  return check.ok ? '' : check.message;
}

describe('parseMailAddress', () => {
  it('accepts plain addresses, trimmed, with the domain lower-cased', () => {
    assert.deepEqual(parseMailAddress('  Ops.Team+alerts@Example.COM '), {
      ok: true,
      address: 'Ops.Team+alerts@example.com',
    });
    assert.deepEqual(parseMailAddress("o'brien@mail.example-corp.co.uk"), {
      ok: true,
      address: "o'brien@mail.example-corp.co.uk",
    });
    assert.deepEqual(parseMailAddress('a@xn--bcher-kva.example'), {
      ok: true,
      address: 'a@xn--bcher-kva.example',
    });
  });

  it('refuses header injection through CR, LF and other control characters', () => {
    assert.match(refused('a@b.c\r\nBcc: x@y.z'), /control characters/);
    assert.match(refused('a@b.c\nBcc: x@y.z'), /control characters/);
    assert.match(refused('a@b.c\rx'), /control characters/);
    assert.match(refused('a@b.c\u0000'), /control characters/);
    assert.match(refused('a\t@b.c'), /control characters/);
    assert.match(refused('a@b.c\u2028Bcc: x@y.z'), /control characters/);
    assert.match(refused('a@b.c\u0085'), /control characters/);
  });

  it('refuses second recipients, display names, quotes and comments', () => {
    assert.match(refused('a@b.com, c@d.com'), /spaces/);
    assert.match(refused('a@b.com,c@d.com'), /commas/);
    assert.match(refused('a@b.com;c@d.com'), /semicolons/);
    assert.match(refused('Bob <bob@example.com>'), /spaces/);
    assert.match(refused('<bob@example.com>'), /without a name/);
    assert.match(refused('"bob"@example.com'), /quotes/);
    assert.match(refused('bob(comment)@example.com'), /comments/);
    assert.match(refused('bob@[10.0.0.1]'), /brackets/);
    assert.match(refused('a\\b@example.com'), /quotes/);
  });

  it('refuses malformed local parts and domains', () => {
    assert.match(refused(''), /empty/);
    assert.match(refused('   '), /empty/);
    assert.match(refused(42), /text/);
    assert.match(refused(null), /text/);
    assert.match(refused('example.com'), /@/);
    assert.match(refused('a@b@example.com'), /exactly one @/);
    assert.match(refused('@example.com'), /before the @/);
    assert.match(refused('bob@'), /domain after/);
    assert.match(refused('.bob@example.com'), /dots/);
    assert.match(refused('bob.@example.com'), /dots/);
    assert.match(refused('b..ob@example.com'), /dots/);
    assert.match(refused('root@localhost'), /with a dot/);
    assert.match(refused('bob@-example.com'), /invalid domain/);
    assert.match(refused('bob@example-.com'), /invalid domain/);
    assert.match(refused('bob@exa_mple.com'), /invalid domain/);
    assert.match(refused('bob@example..com'), /invalid domain/);
    assert.match(refused('bob@10.0.0.1'), /not an IP address/);
    assert.match(refused('bøb@example.com'), /ASCII/);
    assert.match(refused(`${'x'.repeat(65)}@example.com`), /at most 64/);
    assert.match(refused(`bob@${'a'.repeat(64)}.com`), /invalid domain/);
  });

  it('refuses addresses longer than 254 characters and accepts 254', () => {
    const domain = `${['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63)].join('.')}.com`;
    const fits = `${'x'.repeat(254 - domain.length - 1)}@${domain}`;
    assert.equal(fits.length, 254);
    assert.equal(parseMailAddress(fits).ok, true);
    assert.match(refused(`y${fits}`), /at most 254/);
  });
});

describe('parseMailbox', () => {
  it('reads a display name and address, or a bare address', () => {
    assert.deepEqual(parseMailbox('Vigil <status@Example.com>'), {
      ok: true,
      mailbox: { name: 'Vigil', address: 'status@example.com' },
    });
    assert.deepEqual(parseMailbox('"Acme, Inc. Status" <status@example.com>'), {
      ok: true,
      mailbox: { name: 'Acme, Inc. Status', address: 'status@example.com' },
    });
    assert.deepEqual(parseMailbox(' status@example.com '), {
      ok: true,
      mailbox: { address: 'status@example.com' },
    });
    assert.deepEqual(parseMailbox('<status@example.com>'), {
      ok: true,
      mailbox: { address: 'status@example.com' },
    });
  });

  it('refuses injection and malformed mailboxes', () => {
    const message = (value: unknown): string => {
      const check = parseMailbox(value);
      assert.equal(check.ok, false, `${JSON.stringify(value)} should be refused`);
      return check.ok ? '' : check.message;
    };
    assert.match(message('Vigil\r\nBcc: x@y.z <a@b.com>'), /control characters/);
    assert.match(message('Vigil <a@b.com>\r\nBcc: x@y.z'), /control characters/);
    assert.match(message('Vigil <a@b.com'), /Name </);
    assert.match(message('Vigil <a@b.com> x'), /Name </);
    assert.match(message('Vi<gil <a@b.com>'), /Name </);
    assert.match(message('Vigil <a@b.com>>'), /Name </);
    assert.match(message('Vi"gil <a@b.com>'), /quotes/);
    assert.match(message('"Vigil\\" <a@b.com>'), /quotes/);
    assert.match(message(`${'n'.repeat(101)} <a@b.com>`), /at most 100/);
    assert.match(message('Vigil <not an address>'), /spaces/);
    assert.match(message(7), /text/);
  });
});
