// Admin accounts: first-run bootstrap (from the environment or a one-time setup token), password
// login with argon2id, and server-side sessions stored by hash so any web instance can check them.
import { hash, verify } from '@node-rs/argon2';
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.js';
import { requireText } from '../domain/validate.js';
import type { AccountRepository } from '../store/account-repository.js';
import { newId } from '../store/ids.js';
import type { UserRow } from '../store/schema.js';
import { hashSecret, newSecret, secretsEqual } from './secret-token.js';

const SETUP_TOKEN_KEY = 'setup_token_hash';
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
export const MIN_PASSWORD_LENGTH = 10;

/** A hash to verify against when the e-mail is unknown, so timing does not reveal which accounts exist. */
let dummyHash: Promise<string> | undefined;

export interface NewAdmin {
  email: string;
  password: string;
  name?: string;
}

export class AuthService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly sessionTtlMs: number,
  ) {}

  hasUsers(): Promise<boolean> {
    return this.accounts.countUsers().then((count) => count > 0);
  }

  async createAdmin(input: NewAdmin): Promise<UserRow> {
    const email = requireEmail('email', input.email);
    if (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD_LENGTH) {
      throw new ValidationError(
        'password',
        `password must be at least ${MIN_PASSWORD_LENGTH} characters`,
      );
    }
    if (input.password.length > 1024)
      throw new ValidationError('password', 'password must be at most 1024 characters');
    if (await this.accounts.findUserByEmail(email))
      throw new ConflictError('email', `a user with e-mail ${email} exists`);
    const password_hash = await hash(input.password);
    const name = input.name ? requireText('name', input.name, { max: 200 }) : '';
    return this.accounts.insertUser({ id: newId(), email, name, password_hash });
  }

  /** Every admin, oldest first. */
  listAdmins(): Promise<UserRow[]> {
    return this.accounts.listUsers();
  }

  async getAdmin(id: string): Promise<UserRow> {
    const user = await this.accounts.findUser(id);
    if (!user) throw new NotFoundError('user', id);
    return user;
  }

  /** Throws when `actingUserId` may not remove `id` whatever else holds (it is themselves). */
  assertMayRemove(id: string, actingUserId: string): void {
    if (id === actingUserId)
      throw new ConflictError('id', 'you cannot remove your own account; another admin can');
  }

  /**
   * Removes an admin and, with the account, all its sessions. `actingUserId` is who asks: nobody
   * removes themselves (so a slip cannot lock them out mid-task), and the last admin stays, so
   * there is always someone who can sign in.
   */
  async removeAdmin(id: string, actingUserId: string): Promise<void> {
    this.assertMayRemove(id, actingUserId);
    const outcome = await this.accounts.deleteUserUnlessLast(id);
    if (outcome === 'missing') throw new NotFoundError('user', id);
    if (outcome === 'last')
      throw new ConflictError('id', 'the last admin cannot be removed; add another admin first');
  }

  /** Creates the admin from the environment when no user exists yet; true when it did. */
  async bootstrapAdmin(email: string | undefined, password: string | undefined): Promise<boolean> {
    if (!email || !password || (await this.hasUsers())) return false;
    await this.createAdmin({ email, password });
    return true;
  }

  /** A new one-time setup token while no user exists (printed in the log; only its hash is stored). */
  async issueSetupToken(): Promise<string | null> {
    if (await this.hasUsers()) {
      await this.accounts.deleteSetting(SETUP_TOKEN_KEY);
      return null;
    }
    const token = newSecret('setup_', 18);
    await this.accounts.setSetting(SETUP_TOKEN_KEY, hashSecret(token));
    return token;
  }

  /** First-run setup: creates the first admin if the setup token matches, then spends the token. */
  async completeSetup(token: string, admin: NewAdmin): Promise<UserRow> {
    if (await this.hasUsers())
      throw new ConflictError('token', 'setup is already complete; sign in instead');
    const expected = await this.accounts.getSetting<string>(SETUP_TOKEN_KEY);
    if (
      !expected ||
      typeof token !== 'string' ||
      !secretsEqual(hashSecret(token.trim()), expected)
    ) {
      throw new ValidationError(
        'token',
        'the setup token does not match the one printed in the server log',
      );
    }
    const user = await this.createAdmin(admin);
    await this.accounts.deleteSetting(SETUP_TOKEN_KEY);
    return user;
  }

  async verifyLogin(email: string, password: string): Promise<UserRow> {
    const user =
      typeof email === 'string' ? await this.accounts.findUserByEmail(email.trim()) : undefined;
    if (!user || typeof password !== 'string') {
      dummyHash ??= hash('not a real password');
      await verify(await dummyHash, String(password ?? '')).catch(() => false);
      throw new AuthenticationError('wrong e-mail or password');
    }
    if (!(await verify(user.password_hash, password)))
      throw new AuthenticationError('wrong e-mail or password');
    return user;
  }

  /** Starts a session and returns its token (the cookie value); only its hash is stored. */
  async startSession(
    userId: string,
    now = new Date(),
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecret('', 32);
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    await this.accounts.insertSession({
      token_hash: hashSecret(token),
      user_id: userId,
      expires_at: expiresAt,
    });
    return { token, expiresAt };
  }

  sessionUser(token: string, now = new Date()): Promise<UserRow | undefined> {
    return this.accounts.findSessionUser(hashSecret(token), now);
  }

  endSession(token: string): Promise<void> {
    return this.accounts.deleteSession(hashSecret(token));
  }

  /** Sets a new password and signs the user out everywhere else (all sessions but `keepToken`'s). */
  async changePassword(userId: string, password: string, keepToken?: string): Promise<void> {
    if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
      throw new ValidationError(
        'password',
        `password must be at least ${MIN_PASSWORD_LENGTH} characters`,
      );
    }
    await this.accounts.updatePassword(userId, await hash(password));
    await this.accounts.deleteSessionsOfUser(userId, keepToken ? hashSecret(keepToken) : undefined);
  }
}

export function requireEmail(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 254 || !EMAIL.test(value.trim())) {
    throw new ValidationError(field, `${field} must be an e-mail address`);
  }
  return value.trim().toLowerCase();
}
