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
  onListenError?: (error: Error) => void;
}

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
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10, types });
  // An idle client that loses its connection emits 'error' on the pool; without a listener Node exits.
  pool.on('error', (error) => options.onListenError?.(error));
  // A checked-out client between two statements (inside a transaction) has no query to hand the
  // error to, and the pool listens only to idle clients: when PostgreSQL shuts down, it would
  // emit an unhandled 'error' and end the process. The statement after it fails instead, and the
  // pool discards the client on release.
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onListenError?.(error));
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Set<pg.Client>();
  return {
    db,
    kind: 'postgres',
    localDir: undefined,
    async listen(channel, onMessage) {
      return listenWithReconnect(databaseUrl, channel, onMessage, listeners, options.onListenError);
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

/** Keeps one dedicated connection LISTENing, reconnecting with backoff when PostgreSQL restarts. */
async function listenWithReconnect(
  databaseUrl: string,
  channel: string,
  onMessage: (payload: string) => void,
  listeners: Set<pg.Client>,
  onError: ((error: Error) => void) | undefined,
): Promise<() => Promise<void>> {
  let stopped = false;
  let current: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let delayMs = 250;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', (message) => {
      if (message.channel === channel) onMessage(message.payload ?? '');
    });
    client.on('error', (error) => {
      onError?.(error);
      scheduleReconnect(client);
    });
    client.on('end', () => scheduleReconnect(client));
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    current = client;
    listeners.add(client);
    delayMs = 250;
    // Anything may have changed while we were not listening.
    onMessage('*');
  };
  const scheduleReconnect = (client: pg.Client): void => {
    listeners.delete(client);
    if (stopped || current !== client || retryTimer) return;
    current = undefined;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().catch((error: Error) => {
        onError?.(error);
        delayMs = Math.min(delayMs * 2, 5000);
        retryTimer = setTimeout(() => void retryLoop(), delayMs);
      });
    }, delayMs);
  };
  const retryLoop = async (): Promise<void> => {
    retryTimer = undefined;
    if (stopped) return;
    try {
      await connect();
    } catch (error) {
      onError?.(error as Error);
      delayMs = Math.min(delayMs * 2, 5000);
      retryTimer = setTimeout(() => void retryLoop(), delayMs);
    }
  };

  await connect();
  return async () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    if (current) {
      listeners.delete(current);
      await current.end().catch(() => undefined);
    }
  };
}
