// The connect-time guard of subscriber webhooks: a name that resolves to a loopback address is
// refused when the connection is made (DNS may have changed since the sign-up check), and a
// literal private address in a URL is caught before any connection.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { publicOnlyAgent, urlTargetsPrivateLiteral } from './public-only-agent.js';

describe('publicOnlyAgent', () => {
  const server = createServer((_request, response) => response.end('reached'));
  let port = 0;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses to connect to a name that resolves to a loopback address', async () => {
    const agent = publicOnlyAgent();
    try {
      await assert.rejects(
        request(`http://localhost:${port}/`, { dispatcher: agent }),
        /loopback or private address/,
      );
    } finally {
      await agent.close();
    }
    // The same request without the guard does reach the server: the refusal is the guard's.
    const reached = await request(`http://127.0.0.1:${port}/`);
    assert.equal(await reached.body.text(), 'reached');
  });

  it('flags literal private addresses in URLs', () => {
    assert.equal(urlTargetsPrivateLiteral('http://127.0.0.1:9/x'), true);
    assert.equal(urlTargetsPrivateLiteral('http://[::1]/x'), true);
    assert.equal(urlTargetsPrivateLiteral('https://93.184.216.34/x'), false);
    assert.equal(urlTargetsPrivateLiteral('https://example.com/x'), false);
  });
});
