// The generic webhook's signature: HMAC-SHA256, keyed with the channel's secret, over
// `<timestamp>.<body>`, sent as `Vigil-Signature: v1=<hex>` beside `Vigil-Timestamp: <timestamp>`
// (Unix seconds). Covering the timestamp lets a receiver refuse replays of an old request;
// the `v1=` prefix leaves room for another scheme later. docs/notifications.md shows receivers
// how to check it; verifyWebhookSignature is that check, used by the tests.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_VERSION = 'v1';
/** How far a receiver should let the timestamp be from its own clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `${SIGNATURE_VERSION}=${digest}`;
}

export interface SignatureCheck {
  secret: string;
  /** The Vigil-Timestamp header. */
  timestamp: string | undefined;
  /** The Vigil-Signature header. */
  signature: string | undefined;
  /** The raw request body, exactly as received. */
  body: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}

/** True when the signature is Vigil's for this body and timestamp, and the timestamp is recent. */
export function verifyWebhookSignature(check: SignatureCheck): boolean {
  if (!check.timestamp || !/^\d+$/.test(check.timestamp) || !check.signature) return false;
  const timestamp = Number(check.timestamp);
  const tolerance = check.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(check.nowSeconds - timestamp) > tolerance) return false;
  const expected = Buffer.from(signWebhook(check.secret, timestamp, check.body));
  const given = Buffer.from(check.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
