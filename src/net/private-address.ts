// Addresses the public must not make Vigil talk to: loopback, private networks, link-local,
// carrier-grade NAT, multicast and the unspecified address, in IPv4 and IPv6 (IPv4-mapped IPv6
// addresses count as their IPv4 address). Used against SSRF by subscriber webhooks: at sign-up
// (a friendly error) and at every connection (the real guard: DNS may change in between).
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True for an IP address that is not a public unicast address; false for names and public IPs. */
export function isPrivateAddress(address: string): boolean {
  const plain = address.replace(/^\[(.*)\]$/, '$1');
  const version = isIP(plain);
  if (version === 4) return blocked.check(plain, 'ipv4');
  if (version !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(plain, 'ipv6');
}
