// Random bearer secrets (session tokens, API keys, setup tokens) and their at-rest SHA-256 form.
// These are long random values, not passwords, so a fast hash is the right tool: a guess is hopeless.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSecret(prefix = '', bytes = 32): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
