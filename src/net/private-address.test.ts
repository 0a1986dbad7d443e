// Private-address rule: loopback, private, link-local, CGNAT, multicast and mapped forms are
// private; public addresses and host names are not (names are checked once resolved).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPrivateAddress } from './private-address.js';

describe('isPrivateAddress', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast and unspecified addresses', () => {
    for (const address of [
      '127.0.0.1',
      '127.255.0.9',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '[::1]',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ]) {
      assert.equal(isPrivateAddress(address), true, address);
    }
  });

  it('lets public addresses and names through', () => {
    for (const address of ['93.184.216.34', '172.32.0.1', '8.8.8.8', '2606:4700::1111', 'a.b']) {
      assert.equal(isPrivateAddress(address), false, address);
    }
  });
});
