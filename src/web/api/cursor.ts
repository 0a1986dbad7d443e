// Opaque cursors of newest-first lists (`?cursor=` in, `next_cursor` and a Link rel="next" out):
// the time and id of the last item of a page, so the next page starts exactly after it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { ValidationError } from '../../domain/errors.js';

export interface CursorKey {
  at: Date;
  id: string;
}

export const CursorQuery = {
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The `next_cursor` of the previous page; leave out for the newest items',
    }),
  ),
};

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at.getTime(), key.id]), 'utf8').toString('base64url');
}

/** The key of a cursor made by encodeCursor; anything else answers 400 naming `cursor`. */
export function decodeCursor(cursor: string | undefined): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    Number.isSafeInteger(parsed[0]) &&
    typeof parsed[1] === 'string' &&
    parsed[1].length > 0
  ) {
    return { at: new Date(parsed[0] as number), id: parsed[1] };
  }
  throw new ValidationError('cursor', 'is not a cursor from a previous page of this list');
}

/** `{ data, next_cursor }`, the envelope of every cursor-paged list. */
export function cursorListOf<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    {
      data: Type.Array(item),
      next_cursor: Type.Union([Type.String(), Type.Null()], {
        description: 'Pass as `cursor` for the next page; null on the last page',
      }),
    },
    { description },
  );
}

/** Sets the Link rel="next" header when there is a next page and returns the envelope. */
export function cursorList<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  data: T[],
  next: CursorKey | null,
): { data: T[]; next_cursor: string | null } {
  const cursor = next ? encodeCursor(next) : null;
  if (cursor) {
    const url = new URL(request.url, 'http://vigil.invalid');
    url.searchParams.set('cursor', cursor);
    void reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  return { data, next_cursor: cursor };
}
