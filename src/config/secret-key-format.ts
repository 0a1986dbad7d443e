// The format of the key that encrypts channel secrets: 32 random bytes, written as base64 (what
// `openssl rand -base64 32` prints) or as 64 hex digits. Shared by VIGIL_SECRET_KEY and the key
// file Vigil generates for the embedded database.

export const SECRET_KEY_BYTES = 32;

export const SECRET_KEY_HINT = 'generate one with `openssl rand -base64 32`';

/** The key's bytes, or null when the text is not 32 bytes in base64 or hex. */
export function parseSecretKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === SECRET_KEY_BYTES) return bytes;
  }
  return null;
}

export function formatSecretKey(key: Buffer): string {
  return key.toString('base64');
}
