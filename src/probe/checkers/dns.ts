// DNS check: resolve a name's records, optionally at a given resolver, as normalised text.
import { Resolver } from 'node:dns/promises';
import type { Checker, CheckError, CheckOutcome } from './checker.js';
import { raceSignal, startDeadline } from './deadline.js';
import { classifyError } from './error-class.js';

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

export interface DnsSpec {
  name: string;
  recordType: DnsRecordType;
  /** Resolver as host or host:port ("[::1]:53" for IPv6); the system's resolvers otherwise. */
  resolver?: string;
}

export const dnsChecker: Checker<DnsSpec> = {
  type: 'dns',
  async check(spec, options): Promise<CheckOutcome> {
    const deadline = startDeadline(options.timeoutMs, options.signal);
    // One try and the whole budget for it: retries would hide a flaky resolver.
    const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
    try {
      if (spec.resolver) resolver.setServers([spec.resolver]);
      const answers = await raceSignal(query(resolver, spec), deadline.signal);
      const latencyMs = deadline.elapsedMs();
      return {
        facts: { dns: { answers }, latency: latencyMs },
        latencyMs,
        timings: { totalMs: latencyMs },
      };
    } catch (error) {
      resolver.cancel();
      const latencyMs = deadline.elapsedMs();
      return {
        facts: { dns: { answers: [] }, latency: latencyMs },
        latencyMs,
        timings: { totalMs: latencyMs },
        error: dnsError(error, deadline.timedOut()),
      };
    } finally {
      deadline.dispose();
    }
  },
};

/** Sorted, so the same records always read the same whatever order the server sent them in. */
async function query(resolver: Resolver, spec: DnsSpec): Promise<string[]> {
  const name = spec.name;
  switch (spec.recordType) {
    case 'A':
      return (await resolver.resolve4(name)).sort();
    case 'AAAA':
      return (await resolver.resolve6(name)).sort();
    case 'CNAME':
      return (await resolver.resolveCname(name)).map(hostName).sort();
    case 'NS':
      return (await resolver.resolveNs(name)).map(hostName).sort();
    case 'MX':
      // By preference first, so "10 a" comes before "100 b" as a mail server would try them.
      return (await resolver.resolveMx(name))
        .map((mx) => ({ priority: mx.priority, exchange: hostName(mx.exchange) }))
        .sort((a, b) => a.priority - b.priority || (a.exchange < b.exchange ? -1 : 1))
        .map((mx) => `${mx.priority} ${mx.exchange}`);
    case 'TXT':
      // A TXT record arrives in 255-byte pieces that form one string.
      return (await resolver.resolveTxt(name)).map((pieces) => pieces.join('')).sort();
    default:
      throw new UnsupportedRecordTypeError(String(spec.recordType));
  }
}

function hostName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

class UnsupportedRecordTypeError extends Error {
  constructor(recordType: string) {
    super(`unsupported record type ${recordType}; use one of ${DNS_RECORD_TYPES.join(', ')}`);
  }
}

/** c-ares reports a name that does not exist as ENOTFOUND; its own refusal codes mean DNS. */
function dnsError(error: unknown, timedOut: boolean): CheckError {
  const code = (error as { code?: unknown } | null)?.code;
  if (!timedOut && code === 'ENOTFOUND') {
    return { class: 'dns', message: 'NXDOMAIN: the name does not exist' };
  }
  if (!timedOut && code === 'EREFUSED') {
    return { class: 'dns', message: 'the resolver refused the query' };
  }
  return classifyError(error, timedOut);
}
