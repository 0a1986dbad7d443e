// One-shot messages ("Incident opened") carried across a POST-redirect-GET in a short-lived cookie
// that the next admin page reads and clears.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_PREFIX } from './paths.js';

const FLASH_COOKIE = 'vigil_flash';
const MAX_LENGTH = 300;

/** `error`: something the admin asked for did not work (e.g. a test send the receiver refused). */
export type FlashKind = 'success' | 'info' | 'error';
const KINDS: readonly string[] = ['success', 'info', 'error'];

export interface Flash {
  kind: FlashKind;
  message: string;
}

export function setFlash(
  reply: FastifyReply,
  secure: boolean,
  message: string,
  kind: FlashKind = 'success',
): void {
  void reply.setCookie(FLASH_COOKIE, `${kind}:${message.slice(0, MAX_LENGTH)}`, {
    path: ADMIN_PREFIX,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: 60,
  });
}

/** The pending message, if any; clears it so it shows once. */
export function takeFlash(
  request: FastifyRequest,
  reply: FastifyReply,
  secure: boolean,
): Flash | undefined {
  const raw = request.cookies[FLASH_COOKIE];
  if (raw === undefined) return undefined;
  void reply.clearCookie(FLASH_COOKIE, {
    path: ADMIN_PREFIX,
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
  const separator = raw.indexOf(':');
  const kind = raw.slice(0, separator);
  const message = raw.slice(separator + 1).slice(0, MAX_LENGTH);
  if (separator < 0 || !KINDS.includes(kind) || message === '') return undefined;
  return { kind: kind as FlashKind, message };
}
