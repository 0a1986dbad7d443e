// DNS checker against a tiny UDP DNS server written here, used through the resolver option.
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { ANSWER_TIMEOUT_MS } from './checker-test-support.js';
import { dnsChecker } from './dns.js';

/** Record data already encoded, by query type number (A 1, NS 2, CNAME 5, MX 15, TXT 16). */
const ZONE: Record<string, Record<number, Buffer[]>> = {
  'app.vigil.test': {
    1: [address('10.0.0.2'), address('10.0.0.1')],
    16: [txtData('v=ok'), txtData('x'.repeat(300))],
    15: [mx(100, 'Backup.Vigil.Test'), mx(20, 'mail.vigil.test')],
    2: [encodeName('ns2.vigil.test'), encodeName('ns1.vigil.test')],
  },
  'www.vigil.test': { 5: [encodeName('App.vigil.test')] },
};
/** The server never answers this name, so the query times out. */
const SILENT_NAME = 'silent.vigil.test';

describe('dns checker', () => {
  let server: Socket;
  let resolver: string;

  before(async () => {
    server = createSocket('udp4');
    server.on('message', (message, peer) => answer(server, message, peer));
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
    resolver = `127.0.0.1:${server.address().port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(resolve)));

  it('returns A records sorted as text', async () => {
    const outcome = await dnsChecker.check(
      { name: 'app.vigil.test', recordType: 'A', resolver },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
    assert.deepEqual(outcome.facts.dns?.answers, ['10.0.0.1', '10.0.0.2']);
    assert.equal(typeof outcome.timings?.totalMs, 'number');
    assert.equal(outcome.facts.latency, outcome.latencyMs);
  });

  it('joins the pieces of a long TXT record into one string', async () => {
    const outcome = await dnsChecker.check(
      { name: 'app.vigil.test', recordType: 'TXT', resolver },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
    assert.deepEqual(outcome.facts.dns?.answers, ['v=ok', 'x'.repeat(300)]);
  });

  it('returns MX records as "priority exchange" with lower-case names', async () => {
    const outcome = await dnsChecker.check(
      { name: 'app.vigil.test', recordType: 'MX', resolver },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.deepEqual(outcome.facts.dns?.answers, ['20 mail.vigil.test', '100 backup.vigil.test']);
  });

  it('returns CNAME and NS targets as names', async () => {
    const cname = await dnsChecker.check(
      { name: 'www.vigil.test', recordType: 'CNAME', resolver },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.deepEqual(cname.facts.dns?.answers, ['app.vigil.test']);
    const ns = await dnsChecker.check(
      { name: 'app.vigil.test', recordType: 'NS', resolver },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.deepEqual(ns.facts.dns?.answers, ['ns1.vigil.test', 'ns2.vigil.test']);
  });

  it('classifies NXDOMAIN as a DNS error with no answers', async () => {
    const outcome = await dnsChecker.check(
      { name: 'missing.vigil.test', recordType: 'A', resolver },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error?.class, 'dns');
    assert.match(outcome.error?.message ?? '', /NXDOMAIN/);
    assert.deepEqual(outcome.facts.dns?.answers, []);
  });

  it('classifies a resolver that never answers as a timeout', async () => {
    const outcome = await dnsChecker.check(
      { name: SILENT_NAME, recordType: 'A', resolver },
      { timeoutMs: 300 },
    );
    assert.equal(outcome.error?.class, 'timeout');
    // Its own 300 ms gave up, not the resolver's default; the bound leaves room for a stall.
    assert.ok(outcome.latencyMs < ANSWER_TIMEOUT_MS, `gave up after ${outcome.latencyMs} ms`);
  });

  it('classifies a resolver port with nothing listening as refused', async () => {
    const closed = createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', resolve));
    const port = closed.address().port;
    await new Promise<void>((resolve) => closed.close(resolve));
    const outcome = await dnsChecker.check(
      { name: 'app.vigil.test', recordType: 'A', resolver: `127.0.0.1:${port}` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error?.class, 'refused', JSON.stringify(outcome.error));
  });

  it('reports a malformed resolver address without throwing', async () => {
    const outcome = await dnsChecker.check(
      { name: 'app.vigil.test', recordType: 'A', resolver: 'not an address' },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error?.class, 'unknown');
  });
});

/** Answers questions from ZONE; NXDOMAIN for names it does not know. */
function answer(server: Socket, query: Buffer, peer: RemoteInfo): void {
  const { name, type, end } = readQuestion(query);
  if (name === SILENT_NAME) return;
  const records = ZONE[name];
  const rdatas = records?.[type] ?? [];
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(records ? 0x8180 : 0x8183, 2); // response, RD+RA, rcode 0 or 3
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rdatas.length, 6);
  const question = query.subarray(12, end);
  const answers = rdatas.map((rdata) => {
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // pointer to the name in the question
    fixed.writeUInt16BE(type, 2);
    fixed.writeUInt16BE(1, 4); // class IN
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([fixed, rdata]);
  });
  server.send(Buffer.concat([header, question, ...answers]), peer.port, peer.address);
}

function readQuestion(query: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let offset = 12;
  while (query[offset]) {
    const length = query[offset] as number;
    labels.push(query.toString('ascii', offset + 1, offset + 1 + length));
    offset += length + 1;
  }
  offset += 1;
  return {
    name: labels.join('.').toLowerCase(),
    type: query.readUInt16BE(offset),
    end: offset + 4,
  };
}

function address(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

function encodeName(name: string): Buffer {
  const labels = name
    .split('.')
    .map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)]));
  return Buffer.concat([...labels, Buffer.from([0])]);
}

function mx(priority: number, exchange: string): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(priority);
  return Buffer.concat([head, encodeName(exchange)]);
}

/** TXT data is a run of length-prefixed strings of at most 255 bytes. */
function txtData(text: string): Buffer {
  const pieces: Buffer[] = [];
  for (let i = 0; i < text.length; i += 255) {
    const piece = Buffer.from(text.slice(i, i + 255));
    pieces.push(Buffer.from([piece.length]), piece);
  }
  return Buffer.concat(pieces);
}
