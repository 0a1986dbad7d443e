// What a check result offers to conditions (CheckFacts) and the type of each named field.

/** Facts about one check, produced by a probe. Every field is optional: a TCP check has no body. */
export interface CheckFacts {
  /** HTTP status code. */
  status?: number;
  /** Total duration of the check in milliseconds. */
  latency?: number;
  /** Response body as text; probes may cut it short (then body_truncated is true). */
  body?: string;
  body_truncated?: boolean;
  /** Response headers with lower-cased names; repeated headers as a list. */
  headers?: Record<string, string | readonly string[]>;
  cert?: CertificateFacts;
  dns?: DnsFacts;
  tcp?: TcpFacts;
}

export interface CertificateFacts {
  /** Milliseconds until the certificate expires (negative once expired). */
  expires_in?: number;
  /** The chain verified against the trusted roots. */
  valid?: boolean;
  /** The certificate covers the host name that was checked. */
  hostname_match?: boolean;
}

export interface DnsFacts {
  /** Answers of the query as text (addresses, names, TXT strings). */
  answers?: readonly string[];
}

export interface TcpFacts {
  connected?: boolean;
}

/** How the language types a value: decides which operators and literals are allowed. */
export type FactType = 'number' | 'duration' | 'string' | 'boolean' | 'string_list' | 'any';

/**
 * The named fields a condition may use. Adding a fact means adding it to CheckFacts and here;
 * the parser rejects any other name, so a typo is caught when the monitor is saved.
 */
export const CONDITION_FIELDS: Readonly<Record<string, { type: FactType; description: string }>> = {
  status: { type: 'number', description: 'HTTP status code' },
  latency: { type: 'duration', description: 'total check duration' },
  body: { type: 'string', description: 'response body' },
  'cert.expires_in': { type: 'duration', description: 'time until the certificate expires' },
  'cert.valid': { type: 'boolean', description: 'certificate chain is trusted' },
  'cert.hostname_match': { type: 'boolean', description: 'certificate covers the host name' },
  'dns.answers': { type: 'string_list', description: 'DNS answers' },
  'tcp.connected': { type: 'boolean', description: 'TCP connection was established' },
};

export function fieldType(name: string): FactType | undefined {
  return Object.hasOwn(CONDITION_FIELDS, name) ? CONDITION_FIELDS[name]?.type : undefined;
}
