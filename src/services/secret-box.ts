// Encryption of secrets stored in the database (channel secrets) with AES-256-GCM. Each value is
// bound to where it is stored (the `context`, e.g. "channel:<id>:secret") as additional data, so a
// ciphertext copied to another channel or field does not decrypt. Format:
//   v1.<key id>.<iv>.<tag>.<ciphertext>   (base64url parts; key id = first 8 hex of SHA-256(key))
// The key id lets a wrong key be reported as such instead of as damaged data, and lets a box
// hold previous keys beside the current one (key rotation): a value is opened with the key its id
// names, and always sealed with the current key.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { VigilError } from '../domain/errors.js';

const PREFIX = 'v1';
const IV_BYTES = 12;

/** Storing or reading a secret needs a key the server does not have. */
export class SecretKeyMissingError extends VigilError {
  constructor(field: string, reason: string) {
    super('secret_key_missing', `cannot store or read ${field}: ${reason}`, 409, field);
  }
}

export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptionError';
  }
}

export class SecretBox {
  // #private fields: not own enumerable properties, so no logger or JSON.stringify sees them.
  #key: Buffer | null;
  #load: (() => Buffer) | null;
  /** Keys that may still open values (by key id), never used to seal. */
  #previous: Map<string, Buffer>;

  private constructor(
    key: Buffer | null,
    load: (() => Buffer) | null,
    /** Why there is no key; null when there is one (or one will be loaded). */
    readonly missingReason: string | null,
    previous: readonly Buffer[] = [],
  ) {
    this.#key = key;
    this.#load = load;
    this.#previous = new Map(previous.map((old) => [keyIdOf(checkKey(old)), Buffer.from(old)]));
  }

  /** `previous`: keys values may still be sealed with (VIGIL_SECRET_KEY_PREVIOUS). */
  static withKey(key: Buffer, previous: readonly Buffer[] = []): SecretBox {
    return new SecretBox(Buffer.from(checkKey(key)), null, null, previous);
  }

  /**
   * A box whose key is loaded (or made) the first time a secret is stored or read, so that
   * commands that never touch a secret never create a key file.
   */
  static loadingOnce(load: () => Buffer, previous: readonly Buffer[] = []): SecretBox {
    return new SecretBox(null, load, null, previous);
  }

  /** A box that refuses every secret, saying why (for example: no VIGIL_SECRET_KEY). */
  static without(reason: string): SecretBox {
    return new SecretBox(null, null, reason);
  }

  get keyId(): string | null {
    const key = this.#current();
    return key && keyIdOf(key);
  }

  /** The ids of the previous keys, as ciphertexts name them. */
  get previousKeyIds(): string[] {
    return [...this.#previous.keys()];
  }

  /** Whether `ciphertext` is sealed with the current key (false: a rotation would reseal it). */
  isSealedWithCurrentKey(ciphertext: string, field: string): boolean {
    return ciphertext.split('.')[1] === keyIdOf(this.requireKey(field));
  }

  /** `field` names the secret in the error when there is no key. */
  encrypt(plaintext: string, context: string, field: string): string {
    const key = this.requireKey(field);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [PREFIX, keyIdOf(key), b64(iv), b64(cipher.getAuthTag()), b64(data)].join('.');
  }

  decrypt(ciphertext: string, context: string, field: string): string {
    const key = this.requireKey(field);
    const parts = ciphertext.split('.');
    if (parts.length !== 5 || parts[0] !== PREFIX) {
      throw new SecretDecryptionError(`${field} is not an encrypted value`);
    }
    const [, keyId, iv, tag, data] = parts as [string, string, string, string, string];
    const opener = keyId === keyIdOf(key) ? key : this.#previous.get(keyId);
    if (!opener) {
      const previous = this.previousKeyIds;
      const known = previous.length > 0 ? `; previous keys: ${previous.join(', ')}` : '';
      throw new SecretDecryptionError(
        `${field} was encrypted with another key (id ${keyId}; the configured key has id ${keyIdOf(key)}${known})`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', opener, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(data, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretDecryptionError(`${field} does not decrypt: damaged or stored elsewhere`);
    }
  }

  /**
   * A key for another purpose (e.g. "altcha"), derived from this box's key with HMAC-SHA256, so
   * every instance with the same secret key derives the same one; null when there is no key.
   */
  deriveKey(purpose: string): Buffer | null {
    const key = this.#current();
    return key && createHmac('sha256', key).update(`vigil:${purpose}`).digest();
  }

  private requireKey(field: string): Buffer {
    const key = this.#current();
    if (!key) throw new SecretKeyMissingError(field, this.missingReason ?? 'no key');
    return key;
  }

  #current(): Buffer | null {
    if (!this.#key && this.#load) {
      const key = checkKey(this.#load());
      this.#key = key;
      this.#load = null;
    }
    return this.#key;
  }
}

export function isCiphertext(value: unknown): value is string {
  return (
    typeof value === 'string' && value.startsWith(`${PREFIX}.`) && value.split('.').length === 5
  );
}

function checkKey(key: Buffer): Buffer {
  if (key.length !== 32) throw new Error('an AES-256 key has 32 bytes');
  return key;
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
