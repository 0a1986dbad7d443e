// Identifiers of stored rows: 12 random lowercase letters and digits, like Statuspage's ids.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newId(length = 12): string {
  const bytes = randomBytes(length * 2);
  let id = '';
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 36).
  for (let i = 0; i < bytes.length && id.length < length; i++) {
    const byte = bytes[i]!;
    if (byte < 252) id += ALPHABET[byte % 36];
  }
  return id.length === length ? id : newId(length);
}
