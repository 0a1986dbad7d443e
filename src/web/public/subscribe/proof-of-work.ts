// The subscribe form's ALTCHA proof of work (altcha-lib, PoW v2, the protocol of the altcha v3
// widget): signed challenges that expire, and solutions that count once. The HMAC key is
// derived from the secret key (VIGIL_SECRET_KEY, or the embedded database's key file), so every
// web instance behind the proxy signs and checks with the same key; without one (PostgreSQL and
// no VIGIL_SECRET_KEY) each process makes up its own, which works for one instance only. Used
// solutions are remembered in the rate-limit store (Redis or PostgreSQL when shared), keyed by
// the challenge signature, until the challenge expires.
import { randomBytes } from 'node:crypto';
import {
  createChallenge,
  randomInt,
  verifySolution,
  type Challenge,
  type Solution,
} from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { RateCounter } from '../../../cache/rate-counter.js';

const ALGORITHM = 'PBKDF2/SHA-256';
/**
 * PBKDF2 iterations per try, and the range the solving counter is drawn from: about 2,000-6,000
 * tries, one or two seconds in a browser; cheap for a visitor, costly for a spammer's thousands.
 */
const COST = 1000;
const COUNTER_MIN = 2000;
const COUNTER_MAX = 6000;
export const CHALLENGE_TTL_MS = 10 * 60_000;
/** Longest payload accepted (a real one is about 600 bytes). */
const MAX_PAYLOAD_LENGTH = 4000;

export type PowCheck = { ok: true } | { ok: false; message: string };

export interface ProofOfWork {
  challenge(): Promise<Challenge>;
  /** Checks the widget's `altcha` field; a solution passes once. */
  verify(payload: unknown): Promise<PowCheck>;
}

export interface ProofOfWorkOptions {
  /**
   * 32 bytes shared by every web instance, asked for on first use (so a site nobody subscribes
   * to never creates a key file); undefined: a random key of this process.
   */
  key: () => Buffer | undefined;
  /** Where used solutions are remembered. */
  counter: RateCounter;
}

export function proofOfWork(options: ProofOfWorkOptions): ProofOfWork {
  let secrets: { signatureSecret: string; keySignatureSecret: string } | undefined;
  // Two secrets, as altcha-lib asks: one signs the challenge, one the expected key.
  const secretsNow = () => {
    if (!secrets) {
      const signatureSecret = (options.key() ?? randomBytes(32)).toString('hex');
      secrets = { signatureSecret, keySignatureSecret: `key:${signatureSecret}` };
    }
    return secrets;
  };
  const fail = (message: string): PowCheck => ({ ok: false, message });

  return {
    challenge: () =>
      createChallenge({
        algorithm: ALGORITHM,
        cost: COST,
        counter: randomInt(COUNTER_MIN, COUNTER_MAX),
        deriveKey,
        hmacSignatureSecret: secretsNow().signatureSecret,
        hmacKeySignatureSecret: secretsNow().keySignatureSecret,
        expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS),
      }),

    async verify(payload) {
      if (typeof payload !== 'string' || payload === '') {
        return fail(
          'Confirm you are not a robot: the proof of work is missing (it needs JavaScript)',
        );
      }
      const decoded = decode(payload);
      if (!decoded) return fail('The proof of work is not valid; try again');
      if (decoded.challenge.parameters.algorithm !== ALGORITHM) {
        return fail('The proof of work is not valid; try again');
      }
      let result;
      try {
        result = await verifySolution({
          challenge: decoded.challenge,
          solution: decoded.solution,
          deriveKey,
          hmacSignatureSecret: secretsNow().signatureSecret,
          hmacKeySignatureSecret: secretsNow().keySignatureSecret,
        });
      } catch {
        return fail('The proof of work is not valid; try again');
      }
      if (result.expired) return fail('The proof of work has expired; try again');
      if (!result.verified) return fail('The proof of work is not valid; try again');
      // Remembered only once verified, so forged payloads cannot fill the store.
      const used = await options.counter.hit(
        `altcha|${decoded.challenge.signature}`,
        CHALLENGE_TTL_MS,
      );
      if (used.count > 1) return fail('This proof of work was already used; try again');
      return { ok: true };
    },
  };
}

function decode(payload: string): { challenge: Challenge; solution: Solution } | null {
  if (payload.length > MAX_PAYLOAD_LENGTH) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  if (!isObject(value) || !isObject(value.challenge) || !isObject(value.solution)) return null;
  const challenge = value.challenge;
  const solution = value.solution;
  if (!isObject(challenge.parameters) || typeof challenge.signature !== 'string') return null;
  if (typeof solution.counter !== 'number' || typeof solution.derivedKey !== 'string') return null;
  // Shapes checked above; altcha-lib checks every value against the signature.
  return {
    challenge: challenge as unknown as Challenge,
    solution: solution as unknown as Solution,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
