// HTTP connections that reach public addresses only: every host name is resolved and refused
// when any of its addresses is private (see private-address.ts), at connect time, so a name that
// was public when checked and resolves to 127.0.0.1 later (DNS rebinding) is still refused.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { isPrivateAddress } from './private-address.js';

export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
  constructor(host: string) {
    super(`${host} is a loopback or private address, which subscriber webhooks may not reach`);
    this.name = 'PrivateAddressError';
  }
}

const publicLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as LookupAddress[];
    if (list.length === 0 || list.some((entry) => isPrivateAddress(entry.address))) {
      return callback(new PrivateAddressError(hostname), '', 0);
    }
    if (options.all) {
      // With `all`, net expects the list; the LookupFunction type only names the single form.
      return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    }
    const first = list[0]!;
    callback(null, first.address, first.family);
  });
};

/** An undici agent that refuses to connect to private addresses, by name or literal IP. */
export function publicOnlyAgent(): Agent {
  return new Agent({
    connections: 32,
    keepAliveTimeout: 10_000,
    connect: { lookup: publicLookup },
  });
}

/** A literal private IP in a URL never goes through lookup: check the host itself first. */
export function urlTargetsPrivateLiteral(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) !== 0 && isPrivateAddress(host);
}
