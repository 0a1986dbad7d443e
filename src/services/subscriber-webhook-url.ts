// Checks the webhook URL a visitor enters on the subscribe form: an absolute http(s) URL without
// credentials, and — unless the operator allowed it — not one that points into Vigil's own
// network (loopback, private, link-local ...), so the public cannot make Vigil POST to internal
// hosts. The connection itself is guarded again at every send (net/public-only-agent.ts).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from '../net/private-address.js';

export const MAX_WEBHOOK_URL_LENGTH = 2000;

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; message: string };

export type HostResolver = (host: string) => Promise<string[]>;

const resolveAll: HostResolver = async (host) =>
  (await lookup(host, { all: true })).map((entry) => entry.address);

export async function checkSubscriberWebhookUrl(
  value: unknown,
  options: { allowPrivate: boolean; resolve?: HostResolver },
): Promise<WebhookUrlCheck> {
  if (typeof value !== 'string' || value.trim() === '') {
    return { ok: false, message: 'enter the URL Vigil should POST updates to' };
  }
  const text = value.trim();
  if (text.length > MAX_WEBHOOK_URL_LENGTH) {
    return { ok: false, message: `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'must be an absolute http(s) URL, like https://example.com/hook' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: 'must be an absolute http(s) URL, like https://example.com/hook' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, message: 'must not contain a user name or password' };
  }
  if (options.allowPrivate) return { ok: true, url: url.toString() };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const refused = {
    ok: false,
    message: 'must not point to a loopback or private address',
  } as const;
  if (host === 'localhost' || host.endsWith('.localhost')) return refused;
  if (isIP(host) !== 0) return isPrivateAddress(host) ? refused : { ok: true, url: url.toString() };
  let addresses: string[];
  try {
    addresses = await (options.resolve ?? resolveAll)(host);
  } catch {
    return { ok: false, message: `the host ${host} cannot be found` };
  }
  if (addresses.length === 0) return { ok: false, message: `the host ${host} cannot be found` };
  if (addresses.some(isPrivateAddress)) return refused;
  return { ok: true, url: url.toString() };
}
