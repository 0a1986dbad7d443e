// Where a page snapshot comes from when this process has no current one: the shared cache when it
// holds a current one, else the database, with the build claimed so that the other instances wait
// for this one's result instead of building the same page too, and the result stored for them.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { buildPageSnapshot, readSnapshotUptime, type PageSnapshot } from './page-snapshot.js';
import type { BuildTicket, SharedSnapshots } from './shared-snapshots.js';

/** How long an instance waits for another one's build before building the page itself. */
const WAIT_FOR_OTHER_BUILD_MS = 2_000;

/** The database could not be read; `fallback` is the shared cache's older copy, if it had one. */
export class SnapshotReadError extends Error {
  constructor(
    cause: unknown,
    readonly fallback: PageSnapshot | undefined,
  ) {
    super(`cannot read the page from the database: ${(cause as Error)?.message ?? cause}`, {
      cause,
    });
    this.name = 'SnapshotReadError';
  }
}

export interface SnapshotLoaderStats {
  /** Snapshots built from the database (full builds; uptime refreshes are counted apart). */
  builds: number;
  /** Uptime parts read from the database. */
  uptimeReads: number;
  /** Builds and uptime reads that failed (database unreachable). */
  failures: number;
}

export class SnapshotLoader {
  readonly stats: SnapshotLoaderStats = { builds: 0, uptimeReads: 0, failures: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly shared: SharedSnapshots | undefined,
    private readonly now: () => number,
  ) {}

  /**
   * The page's snapshot (undefined when the page does not exist), read after every change notice
   * recorded before the call; throws SnapshotReadError when the database cannot be read.
   */
  async load(pageId: string): Promise<PageSnapshot | undefined> {
    const shared = this.shared;
    if (!shared) return this.build(pageId, undefined, undefined);
    const entry = await shared.read(pageId);
    if (entry?.current) return this.adopted(entry.snapshot);
    const stale = entry?.snapshot;
    for (let attempt = 0; attempt < 2; attempt++) {
      const claim = await shared.claim(pageId);
      if (claim.kind === 'build') return this.build(pageId, claim.ticket, stale);
      if (claim.kind === 'unavailable') return this.build(pageId, undefined, stale);
      const waited = await shared.waitForBuild(pageId, WAIT_FOR_OTHER_BUILD_MS);
      if (waited?.current) return this.adopted(waited.snapshot);
    }
    // The other builder is slow or gone: build here, still tagged so that the result can be kept.
    const unclaimed = await shared.claim(pageId, false);
    return this.build(pageId, unclaimed.kind === 'build' ? unclaimed.ticket : undefined, stale);
  }

  /**
   * `snapshot` with fresh uptime: taken from the shared cache when another instance refreshed it
   * already, else read here and shared. Undefined when another instance is reading it right now
   * (ask again shortly), or when the page is gone. Throws when the database cannot be read.
   */
  async refreshUptime(snapshot: PageSnapshot, maxAgeMs: number): Promise<PageSnapshot | undefined> {
    const shared = this.shared;
    if (!shared) return this.withFreshUptime(snapshot);
    const pageId = snapshot.page.id;
    const entry = await shared.read(pageId, false);
    // Redis cannot be used: this instance refreshes its own copy, as without Redis.
    if (!entry) return this.withFreshUptime(snapshot);
    const theirs = entry.current ? entry.snapshot : undefined;
    if (
      theirs &&
      theirs.uptimeReadAt > snapshot.uptimeReadAt &&
      this.now() - theirs.uptimeReadAt.getTime() < maxAgeMs
    ) {
      return this.adopted(theirs);
    }
    // No current shared copy (the epoch was renewed, say): build the page in full, once for all
    // instances, so that their next uptime refreshes can be shared again.
    if (!theirs) return this.load(pageId);
    const claim = await shared.claim(pageId);
    if (claim.kind === 'wait') return undefined;
    if (claim.kind === 'unavailable') return this.withFreshUptime(snapshot);
    if (`${claim.ticket.epoch}:${claim.ticket.gen}` !== entry.tag) {
      // A change came in between: the rebuild it causes reads uptime anyway.
      await shared.release(claim.ticket);
      return this.withFreshUptime(snapshot);
    }
    let fresh: PageSnapshot;
    try {
      fresh = await this.withFreshUptime(theirs);
    } catch (error) {
      await shared.release(claim.ticket);
      throw error;
    }
    void shared.store(claim.ticket, fresh);
    return fresh;
  }

  private adopted(snapshot: PageSnapshot | undefined): PageSnapshot | undefined {
    this.shared?.adopted();
    return snapshot;
  }

  private async withFreshUptime(snapshot: PageSnapshot): Promise<PageSnapshot> {
    const readAt = new Date(this.now());
    try {
      const uptime = await readSnapshotUptime(
        this.db,
        snapshot.page.id,
        snapshot.components,
        readAt,
      );
      this.stats.uptimeReads++;
      return { ...snapshot, uptime, uptimeReadAt: readAt, builtAt: readAt };
    } catch (error) {
      this.stats.failures++;
      throw error;
    }
  }

  private async build(
    pageId: string,
    ticket: BuildTicket | undefined,
    stale: PageSnapshot | undefined,
  ): Promise<PageSnapshot | undefined> {
    let built: PageSnapshot | undefined;
    try {
      built = await buildPageSnapshot(this.db, pageId, new Date(this.now()));
      this.stats.builds++;
    } catch (error) {
      this.stats.failures++;
      if (ticket) void this.shared!.release(ticket);
      throw new SnapshotReadError(error, stale);
    }
    if (ticket) {
      // Not awaited: this request need not wait for the copy the others will use.
      if (built) void this.shared!.store(ticket, built);
      else void this.shared!.release(ticket);
    }
    return built;
  }
}
