// Subscribers for the admin and API tests of listing, searching, exporting and removing them (and
// of their deliveries), stored through the repository (sign-up is the public side's), with fixed
// creation times so the newest-first order and the CSV are exact. Addresses a spreadsheet would
// misread (leading = + -, a quoted local part with a comma and quotes) are valid email addresses.
import { sql } from 'kysely';
import { SubscriberRepository } from '../../src/store/subscriber-repository.js';
import type { TestWeb } from './web.js';

export interface SeededSubscribers {
  pageId: string;
  otherPageId: string;
  ids: { ann: string; bob: string; formula: string; quoted: string; hook: string };
  /** Every token stored, none of which may appear in any answer. */
  tokens: string[];
}

export interface SubscriberSpec {
  id: string;
  pageId: string;
  kind: 'email' | 'webhook';
  address: string;
  status: 'pending' | 'confirmed';
  componentIds: string[];
  /** ISO 8601; also the confirmation time of a confirmed one. Default: now. */
  createdAt?: string;
}

/** Stores one subscriber as sign-up (and confirmation) leave it; returns its two tokens. */
export async function addSubscriber(web: TestWeb, spec: SubscriberSpec): Promise<string[]> {
  const { id, status } = spec;
  const confirmToken = `confirm-token-${id}-0123456789`;
  const unsubscribeToken = `unsubscribe-token-${id}-0123456789`;
  await new SubscriberRepository(web.database.db).insert({
    id,
    pageId: spec.pageId,
    kind: spec.kind,
    address: spec.address,
    componentIds: spec.componentIds,
    status,
    confirmToken: status === 'pending' ? confirmToken : null,
    confirmExpiresAt: status === 'pending' ? new Date('2030-01-01T00:00:00Z') : null,
    unsubscribeToken,
  });
  // created_at is never updated by the application, so its column type refuses it: raw SQL.
  const createdAt = spec.createdAt ? new Date(spec.createdAt) : new Date();
  await sql`UPDATE subscribers SET created_at = ${createdAt},
    confirmed_at = CASE WHEN status = 'confirmed' THEN ${createdAt}::timestamptz END
    WHERE id = ${id}`.execute(web.database.db);
  return [confirmToken, unsubscribeToken];
}

export async function seedSubscribers(web: TestWeb): Promise<SeededSubscribers> {
  const { pages } = web.services;
  const page = await pages.createPage({ slug: 'main', name: 'Main' });
  const other = await pages.createPage({ slug: 'shop', name: 'Shop' });
  const api = await pages.createComponent(page.id, { name: 'API' });
  const edge = await pages.createComponent(page.id, { name: 'Web, "edge"' });
  const tokens: string[] = [];
  const add = async (
    id: string,
    pageId: string,
    kind: 'email' | 'webhook',
    address: string,
    status: 'pending' | 'confirmed',
    componentIds: string[],
    createdAt: string,
  ) => {
    const spec = { id, pageId, kind, address, status, componentIds, createdAt };
    tokens.push(...(await addSubscriber(web, spec)));
    return id;
  };
  const ids = {
    ann: await add(
      'sub-ann',
      page.id,
      'email',
      'ann@example.com',
      'confirmed',
      [api.id],
      '2026-01-01T10:00:00.000Z',
    ),
    bob: await add(
      'sub-bob',
      page.id,
      'email',
      'bob@example.org',
      'pending',
      [],
      '2026-01-02T10:00:00.000Z',
    ),
    formula: await add(
      'sub-formula',
      page.id,
      'email',
      '=1+1@example.com',
      'confirmed',
      [api.id, edge.id],
      '2026-01-03T10:00:00.000Z',
    ),
    quoted: await add(
      'sub-quoted',
      page.id,
      'email',
      '"a,b"@example.com',
      'confirmed',
      [],
      '2026-01-04T10:00:00.000Z',
    ),
    hook: await add(
      'sub-hook',
      other.id,
      'webhook',
      'https://hooks.example.net/status',
      'confirmed',
      [],
      '2026-01-05T10:00:00.000Z',
    ),
  };
  return { pageId: page.id, otherPageId: other.id, ids, tokens };
}

/** The export of every seeded subscriber, exactly: newest first, RFC 4180, formulas defused. */
export const EXPECTED_CSV = [
  'id,page,kind,address,status,components,created_at,confirmed_at',
  'sub-hook,shop,webhook,https://hooks.example.net/status,confirmed,,2026-01-05T10:00:00.000Z,2026-01-05T10:00:00.000Z',
  'sub-quoted,main,email,"""a,b""@example.com",confirmed,,2026-01-04T10:00:00.000Z,2026-01-04T10:00:00.000Z',
  'sub-formula,main,email,\'=1+1@example.com,confirmed,"API; Web, ""edge""",2026-01-03T10:00:00.000Z,2026-01-03T10:00:00.000Z',
  'sub-bob,main,email,bob@example.org,pending,,2026-01-02T10:00:00.000Z,',
  'sub-ann,main,email,ann@example.com,confirmed,API,2026-01-01T10:00:00.000Z,2026-01-01T10:00:00.000Z',
]
  .map((line) => `${line}\r\n`)
  .join('');
