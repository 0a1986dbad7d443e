// Opens the SQL database: embedded PGlite under DATA_DIR, or PostgreSQL when DATABASE_URL is set.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from './schema.js';

/** PostgreSQL type OIDs whose default JavaScript conversion we override. */
const DATE_OID = 1082;
const INT8_OID = 20;

export type DatabaseKind = 'pglite' | 'postgres';

export interface VigilDatabase {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** The directory holding the database files (embedded on disk); undefined otherwise. */
  readonly localDir: string | undefined;
  /** Calls `onMessage` for every NOTIFY on `channel`, from this process or any other. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /** Runs `fn` on one dedicated connection, for work that needs raw multi-statement SQL (migrations). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface SqlSession {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements with the simple query protocol. */
  exec(script: string): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Connections in the pool (PostgreSQL only). */
  poolSize?: number;
  /** The LISTEN connection was lost, or an attempt to make it again failed (at each attempt). */
  onListenError?: (error: Error) => void;
  /** The LISTEN connection is back after a loss (a `*` notice follows). */
  onListenRestored?: () => void;
  /** An idle pooled connection failed; the pool makes a new one when it needs one. */
  onPoolError?: (error: Error) => void;
}

/**
 * How long making a connection may take: a database that is down refuses at once, but one cut
 * off by the network would otherwise leave every request waiting for the operating system's
 * TCP timeout (minutes) instead of failing (503) in seconds.
 */
const CONNECT_TIMEOUT_MS = 5_000;
/** First and longest wait between attempts to LISTEN again. */
const LISTEN_RETRY_FIRST_MS = 250;
const LISTEN_RETRY_MAX_MS = 2_000;

export async function openDatabase(options: DatabaseOptions): Promise<VigilDatabase> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options)
    : openPGlite(options.dataDir);
}

async function openPGlite(dataDir: string): Promise<VigilDatabase> {
  // 'memory://' keeps everything in memory (tests); anything else is a directory on disk.
  const dir = dataDir.startsWith('memory://') ? dataDir : resolve(dataDir, 'pg');
  if (dir === resolve(dataDir, 'pg')) mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir, {
    parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    localDir: dataDir.startsWith('memory://') ? undefined : resolve(dataDir),
    async listen(channel, onMessage) {
      const unsubscribe = await pglite.listen(channel, onMessage);
      return async () => unsubscribe();
    },
    async withSession(fn) {
      return fn({
        async query<T>(text: string, params?: unknown[]) {
          return (await pglite.query<T>(text, params)).rows;
        },
        async exec(script: string) {
          await pglite.exec(script);
        },
      });
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function openPostgres(databaseUrl: string, options: DatabaseOptions): VigilDatabase {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === DATE_OID) return (value: string) => value;
      if (oid === INT8_OID) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    types,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener Node exits.
  pool.on('error', (error) => options.onPoolError?.(error));
  // A client in use emits 'error' on itself when its connection breaks (a restart, a reset), after
  // failing its query with the same error; the pool listens only to idle ones, and an 'error'
  // nobody listens to would end the process. The failed query is what the caller sees.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Set<pg.Client>();
  return {
    db,
    kind: 'postgres',
    localDir: undefined,
    async listen(channel, onMessage) {
      return listenWithReconnect(databaseUrl, channel, onMessage, listeners, options);
    },
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          async query<T>(text: string, params?: unknown[]) {
            return (await client.query(text, params)).rows as T[];
          },
          async exec(script: string) {
            await client.query(script);
          },
        });
      } finally {
        client.release();
      }
    },
    async close() {
      for (const client of listeners) await client.end().catch(() => undefined);
      listeners.clear();
      await db.destroy();
    },
  };
}

/**
 * Keeps one dedicated connection LISTENing, connecting again with backoff when PostgreSQL
 * restarts. Notices sent while it was away are lost, so every (re)connection delivers a `*`:
 * "anything may have changed", which listeners answer with a full look.
 */
async function listenWithReconnect(
  databaseUrl: string,
  channel: string,
  onMessage: (payload: string) => void,
  listeners: Set<pg.Client>,
  events: Pick<DatabaseOptions, 'onListenError' | 'onListenRestored'>,
): Promise<() => Promise<void>> {
  let stopped = false;
  let lost = false;
  let current: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let delayMs = LISTEN_RETRY_FIRST_MS;

  const dropped = (client: pg.Client): void => {
    listeners.delete(client);
    if (stopped || current !== client) return;
    current = undefined;
    lost = true;
    retryLater();
  };
  const connect = async (): Promise<void> => {
    const client = new pg.Client({
      connectionString: databaseUrl,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    client.on('notification', (message) => {
      if (message.channel === channel) onMessage(message.payload ?? '');
    });
    client.on('error', (error) => {
      // A failure while connecting is reported by the attempt that made it.
      if (current === client) events.onListenError?.(error);
      dropped(client);
    });
    client.on('end', () => dropped(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
    listeners.add(client);
    delayMs = LISTEN_RETRY_FIRST_MS;
    if (lost) {
      lost = false;
      events.onListenRestored?.();
    }
    onMessage('*');
  };
  const retryLater = (): void => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (stopped) return;
      connect().catch((error: unknown) => {
        events.onListenError?.(error as Error);
        delayMs = Math.min(delayMs * 2, LISTEN_RETRY_MAX_MS);
        retryLater();
      });
    }, delayMs);
  };

  await connect();
  return async () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    const client = current;
    current = undefined;
    if (client) {
      listeners.delete(client);
      await client.end().catch(() => undefined);
    }
  };
}
