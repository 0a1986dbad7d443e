// The second level of page snapshots, in Redis and shared by every web instance, so a page is
// built once per change for all of them, and an instance that cannot read the database (or
// started while it was down) still has something to serve.
//
// Why an entry can be trusted: each page has a hash holding a generation counter, which every
// instance increments when a change notice for the page reaches it (PostgreSQL NOTIFY, sent on
// commit), and an entry tagged with the epoch and generation read *before* its database read.
// An entry is current when its tag equals the present epoch and generation; the store itself is
// a compare-and-set on both, so a slow builder can never leave a snapshot older than the latest
// change that any instance has seen. Notices for every page ('*'), a notice this instance could
// not record, and any reconnection to Redis (which may have come back empty or from an old dump)
// replace the epoch with a new random value, which makes every entry stale at once; a random
// epoch also means an evicted epoch key can never bring old entries back to life.
import { randomBytes } from 'node:crypto';
import type { PageSnapshot } from './page-snapshot.js';
import type { RedisConnection } from './redis-connection.js';
import { RedisScript } from './redis-script.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec.js';

/** Bump when PageSnapshot changes shape, so instances of two versions never read each other's. */
const FORMAT = 1;
export const SNAPSHOT_KEY_PREFIX = `vigil:snap:${FORMAT}:`;
const EPOCH_KEY = `${SNAPSHOT_KEY_PREFIX}epoch`;
/** Entries outlive a long database outage; the generation lives in the same key, so they expire together. */
const ENTRY_TTL_MS = 7 * 86_400_000;
/** A builder that died releases its claim after this long. */
const CLAIM_TTL_MS = 5_000;
/**
 * After a change notice, the first builder waits until the notice is this old: every instance
 * increments the generation for the same notice within a few milliseconds, and a build tagged
 * before the last of those increments would be refused and done again by the next instance.
 */
const NOTICE_SETTLE_MS = 30;
/** How often an instance waiting for another one's build looks for the result. */
const WAIT_POLL_MS = 20;

export const pageKey = (pageId: string) => `${SNAPSHOT_KEY_PREFIX}page:${pageId}`;
const claimKey = (pageId: string) => `${SNAPSHOT_KEY_PREFIX}claim:${pageId}`;
/** Slug (or '' for the default page) to page id, kept for instances that cannot ask the database. */
const routeKey = (slug: string) => `${SNAPSHOT_KEY_PREFIX}route:${slug}`;

const NOTICE = new RedisScript(
  `redis.call('HINCRBY', KEYS[1], 'gen', 1)
  local t = redis.call('TIME')
  redis.call('HSET', KEYS[1], 'noticeAt', t[1] * 1000 + math.floor(t[2] / 1000))
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  return 1`,
  1,
);

/** → epoch ('' when none), generation, tag, data, whether someone claimed the build. */
const READ = new RedisScript(
  `local epoch = redis.call('GET', KEYS[1]) or ''
  local entry = redis.call('HMGET', KEYS[2], 'gen', 'tag', 'data')
  return {epoch, entry[1] or '0', entry[2] or '', entry[3] or '', redis.call('EXISTS', KEYS[3])}`,
  3,
);

/** → claimed (1/0), epoch, generation, milliseconds since the page's last notice. */
const CLAIM = new RedisScript(
  `local epoch = redis.call('GET', KEYS[1])
  if not epoch then
    redis.call('SET', KEYS[1], ARGV[3])
    epoch = ARGV[3]
  end
  local gen = redis.call('HGET', KEYS[2], 'gen') or '0'
  local noticeAt = tonumber(redis.call('HGET', KEYS[2], 'noticeAt') or '0')
  local t = redis.call('TIME')
  local age = t[1] * 1000 + math.floor(t[2] / 1000) - noticeAt
  local claimed = 1
  if ARGV[1] ~= '' then
    if not redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[2]) then claimed = 0 end
  end
  return {claimed, epoch, gen, age}`,
  3,
);

/** Stores only if epoch and generation are still those of the ticket; releases the claim. */
const STORE = new RedisScript(
  `local stored = 0
  if redis.call('GET', KEYS[1]) == ARGV[1] and (redis.call('HGET', KEYS[2], 'gen') or '0') == ARGV[2] then
    redis.call('HSET', KEYS[2], 'tag', ARGV[1] .. ':' .. ARGV[2], 'data', ARGV[3])
    redis.call('PEXPIRE', KEYS[2], ARGV[4])
    stored = 1
  end
  if ARGV[5] ~= '' and redis.call('GET', KEYS[3]) == ARGV[5] then redis.call('DEL', KEYS[3]) end
  return stored`,
  3,
);

const RELEASE = new RedisScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
  return 1`,
  1,
);

/** What a build is tagged with: the epoch and generation read before it read the database. */
export interface BuildTicket {
  pageId: string;
  epoch: string;
  gen: string;
  /** The claim's owner token ('' when building without a claim). */
  owner: string;
}

export interface SharedEntry {
  snapshot: PageSnapshot | undefined;
  /** Built after the latest change notice any instance recorded (see the file comment). */
  current: boolean;
  /** Another instance is building the page right now. */
  claimed: boolean;
  /** The epoch and generation the entry was built at ('epoch:gen'; '' when there is none). */
  tag: string;
}

export type Claim =
  | { kind: 'build'; ticket: BuildTicket }
  | { kind: 'wait' }
  /** Redis cannot be used right now: build from the database without it. */
  | { kind: 'unavailable' };

export interface SharedSnapshotStats {
  /** Current entries taken instead of building the page or reading its uptime (L2 hits). */
  hits: number;
  misses: number;
  stores: number;
  /** Stores refused because a change was noticed during the build. */
  refused: number;
  /** Redis commands of the shared cache that failed. */
  errors: number;
}

export class SharedSnapshots {
  readonly stats: SharedSnapshotStats = { hits: 0, misses: 0, stores: 0, refused: 0, errors: 0 };
  /** Set when entries may be current but stale: a notice not recorded, or a reconnection. */
  private mustRenewEpoch = true;
  private renewing: Promise<boolean> | undefined;

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: { settleMs?: number; waitPollMs?: number } = {},
  ) {
    // Renewed as soon as the connection is ready rather than at first use, so that all instances
    // reconnecting after a Redis restart renew it before any of them stores a new entry.
    redis.onReady(() => {
      this.mustRenewEpoch = true;
      void this.usable();
    });
  }

  /** Records a change notice of one page, or of all of them with '*'; never fails the caller. */
  async changed(pageId: string): Promise<void> {
    if (pageId === '*') {
      this.mustRenewEpoch = true;
      await this.usable();
      return;
    }
    if (!this.redis.isReady()) {
      this.mustRenewEpoch = true;
      return;
    }
    try {
      await NOTICE.run(this.redis.client, [pageKey(pageId)], [ENTRY_TTL_MS]);
      this.redis.recovered();
    } catch (error) {
      this.mustRenewEpoch = true;
      this.failed(error);
    }
  }

  /**
   * The page's entry; undefined when Redis cannot be used. A stale entry's snapshot is decoded
   * only with `withStale` (it is worth something only when the database cannot be read).
   */
  async read(pageId: string, withStale = true): Promise<SharedEntry | undefined> {
    if (!(await this.usable())) return undefined;
    try {
      const [epoch, gen, tag, data, claimed] = (await READ.runBuffer(this.redis.client, [
        EPOCH_KEY,
        pageKey(pageId),
        claimKey(pageId),
      ])) as [Buffer, Buffer, Buffer, Buffer, number];
      this.redis.recovered();
      const tagged = data.length > 0 && epoch.length > 0 && tag.toString() === `${epoch}:${gen}`;
      const snapshot = data.length > 0 && (tagged || withStale) ? decodeSnapshot(data) : undefined;
      const current = tagged && snapshot !== undefined;
      if (!current && withStale) this.stats.misses++;
      return { snapshot, current, claimed: claimed === 1, tag: tag.toString() };
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  /**
   * Claims building the page, so other instances wait for this one's result instead of building
   * it too; `exclusive: false` only returns a ticket (for a build that happens anyway).
   */
  async claim(pageId: string, exclusive = true): Promise<Claim> {
    if (!(await this.usable())) return { kind: 'unavailable' };
    const owner = exclusive ? randomBytes(9).toString('base64url') : '';
    try {
      const [claimed, firstEpoch, firstGen, ageMs] = await this.runClaim(pageId, owner);
      if (claimed === 0) return { kind: 'wait' };
      let [epoch, gen] = [firstEpoch, firstGen];
      const settleMs = this.options.settleMs ?? NOTICE_SETTLE_MS;
      if (ageMs >= 0 && ageMs < settleMs) {
        await delay(settleMs - ageMs);
        // Still ours (the claim lasts seconds); only the tag is read again.
        [, epoch, gen] = await this.runClaim(pageId, '');
      }
      return { kind: 'build', ticket: { pageId, epoch, gen, owner } };
    } catch (error) {
      this.failed(error);
      return { kind: 'unavailable' };
    }
  }

  /** Counts a current entry taken instead of a build (an L2 hit). */
  adopted(): void {
    this.stats.hits++;
  }

  /** Stores a snapshot built under `ticket`; false when a change made it stale meanwhile. */
  async store(ticket: BuildTicket, snapshot: PageSnapshot): Promise<boolean> {
    if (!this.redis.isReady()) return false;
    try {
      const stored = await STORE.run(
        this.redis.client,
        [EPOCH_KEY, pageKey(ticket.pageId), claimKey(ticket.pageId)],
        [ticket.epoch, ticket.gen, encodeSnapshot(snapshot), ENTRY_TTL_MS, ticket.owner],
      );
      this.redis.recovered();
      if (stored === 1) this.stats.stores++;
      else this.stats.refused++;
      return stored === 1;
    } catch (error) {
      this.failed(error);
      return false;
    }
  }

  /** Gives a claim up without storing (the build failed, or the page does not exist). */
  async release(ticket: BuildTicket): Promise<void> {
    if (!ticket.owner || !this.redis.isReady()) return;
    try {
      await RELEASE.run(this.redis.client, [claimKey(ticket.pageId)], [ticket.owner]);
    } catch (error) {
      this.failed(error);
    }
  }

  /**
   * Waits for the instance that claimed the build: resolves with the current entry once stored,
   * or with what there is when the claim ends without one or `timeoutMs` passes.
   */
  async waitForBuild(pageId: string, timeoutMs: number): Promise<SharedEntry | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await delay(this.options.waitPollMs ?? WAIT_POLL_MS);
      const entry = await this.read(pageId, false);
      if (!entry || entry.current || !entry.claimed || Date.now() >= deadline) return entry;
    }
  }

  /** The page id a slug (or '' for the default page) resolved to, as last seen by any instance. */
  async readRoute(slug: string): Promise<string | undefined> {
    if (!this.redis.isReady()) return undefined;
    try {
      return (await this.redis.client.get(routeKey(slug))) ?? undefined;
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  async storeRoute(slug: string, pageId: string): Promise<void> {
    if (!this.redis.isReady()) return;
    try {
      await this.redis.client.set(routeKey(slug), pageId, 'PX', ENTRY_TTL_MS);
    } catch (error) {
      this.failed(error);
    }
  }

  private async runClaim(pageId: string, owner: string): Promise<[number, string, string, number]> {
    const [claimed, epoch, gen, ageMs] = (await CLAIM.run(
      this.redis.client,
      [EPOCH_KEY, pageKey(pageId), claimKey(pageId)],
      [owner, CLAIM_TTL_MS, newEpoch()],
    )) as [number, string, string, number];
    this.redis.recovered();
    return [claimed, String(epoch), String(gen), ageMs];
  }

  /** True when Redis answers and entries can be trusted (the epoch renewed if it had to be). */
  private async usable(): Promise<boolean> {
    if (!this.redis.isReady()) return false;
    if (!this.mustRenewEpoch) return true;
    this.renewing ??= this.renewEpoch().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async renewEpoch(): Promise<boolean> {
    // Cleared first: a reconnection while the SET is under way sets it again.
    this.mustRenewEpoch = false;
    try {
      await this.redis.client.set(EPOCH_KEY, newEpoch());
      this.redis.recovered();
      return true;
    } catch (error) {
      this.mustRenewEpoch = true;
      this.failed(error);
      return false;
    }
  }

  private failed(error: unknown): void {
    this.stats.errors++;
    this.redis.failed(error);
  }
}

function newEpoch(): string {
  return randomBytes(9).toString('base64url');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
