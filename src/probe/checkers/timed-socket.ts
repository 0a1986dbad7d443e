// Opens a TCP or TLS connection and notes when DNS, connect and the TLS handshake finished.
import { lookup as dnsLookup } from 'node:dns';
import { isIP, Socket, type LookupFunction } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { CertificateFacts } from '../../domain/conditions/index.js';
import type { CertificateDetails } from './checker.js';

export interface TlsTarget {
  /** Name sent as SNI and checked against the certificate; defaults to the host. */
  servername?: string;
  /** Refuse the connection when the chain is untrusted or the name does not match. */
  verify: boolean;
  /** Extra trusted roots (PEM), for targets behind a private CA. */
  ca?: string;
}

export interface SocketTarget {
  host: string;
  port: number;
  tls?: TlsTarget;
}

/** Milliseconds since `startedAt` at which each phase finished. */
export interface SocketPhases {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
}

export interface PeerCertificate {
  facts: CertificateFacts;
  details: CertificateDetails;
}

export interface OpenedSocket {
  socket: Socket | TLSSocket;
  phases: SocketPhases;
  certificate?: PeerCertificate;
}

/** Thrown when verification is on and the certificate is not acceptable; keeps what was seen. */
export class CertificateRejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly phases: SocketPhases,
    readonly certificate: PeerCertificate,
  ) {
    super(message);
    this.name = 'CertificateRejectedError';
  }
}

/** Where phases were reached even if the connection failed afterwards. */
export class SocketPhaseError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly phases: SocketPhases,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'SocketPhaseError';
  }
}

export function openSocket(
  target: SocketTarget,
  startedAt: number,
  signal: AbortSignal,
): Promise<OpenedSocket> {
  const phases: SocketPhases = {};
  const since = () => performance.now() - startedAt;
  // Wrapping the resolver (instead of listening for 'lookup') also times happy-eyeballs lookups.
  const lookup: LookupFunction = (hostname, options, callback) =>
    dnsLookup(hostname, options, (...args: Parameters<typeof callback>) => {
      phases.dnsMs ??= since();
      callback(...args);
    });
  const host = target.host.replace(/^\[(.*)\]$/, '$1');
  return new Promise<OpenedSocket>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const tls = target.tls;
    const servername = tls?.servername ?? host;
    const socket: Socket | TLSSocket = tls
      ? tlsConnect({
          host,
          port: target.port,
          lookup,
          // SNI must be a name, never an address (RFC 6066).
          servername: isIP(servername) ? undefined : servername,
          ca: tls.ca,
          // Verification is done below so that the certificate is reported even when refused.
          rejectUnauthorized: false,
          checkServerIdentity: () => undefined,
        })
      : new Socket().connect({ host, port: target.port, lookup });
    const cleanUp = () => signal.removeEventListener('abort', onAbort);
    const fail = (error: unknown) => {
      cleanUp();
      socket.destroy();
      reject(
        error instanceof CertificateRejectedError ? error : new SocketPhaseError(error, phases),
      );
    };
    const onAbort = () => fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', fail);
    socket.once('connect', () => {
      phases.connectMs = since();
      if (!tls) done();
    });
    socket.once('secureConnect', () => {
      phases.tlsMs = since();
      const certificate = peerCertificate(socket as TLSSocket, servername);
      if (tls?.verify && (!certificate.facts.valid || !certificate.facts.hostname_match)) {
        const reason = certificate.details.authorizationError ?? 'ERR_TLS_CERT_ALTNAME_INVALID';
        const text = certificate.facts.valid
          ? `certificate does not cover ${servername}`
          : `certificate not trusted (${reason})`;
        return fail(new CertificateRejectedError(reason, text, phases, certificate));
      }
      done(certificate);
    });
    function done(certificate?: PeerCertificate) {
      cleanUp();
      socket.removeListener('error', fail);
      resolve({ socket, phases, certificate });
    }
  });
}

function peerCertificate(socket: TLSSocket, servername: string): PeerCertificate {
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) {
    return { facts: { valid: false, hostname_match: false }, details: {} };
  }
  const authorizationError = socket.authorizationError
    ? String(socket.authorizationError)
    : undefined;
  const validTo = Date.parse(cert.valid_to);
  return {
    facts: {
      valid: socket.authorized,
      hostname_match: checkServerIdentity(servername, cert) === undefined,
      expires_in: Number.isFinite(validTo) ? validTo - Date.now() : undefined,
    },
    details: {
      subject: distinguishedName(cert.subject),
      issuer: distinguishedName(cert.issuer),
      validTo: Number.isFinite(validTo) ? new Date(validTo).toISOString() : undefined,
      authorizationError,
    },
  };
}

function distinguishedName(parts: object | undefined): string | undefined {
  if (!parts) return undefined;
  const text = Object.entries(parts)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(', ');
  return text || undefined;
}
