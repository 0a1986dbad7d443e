// Runs work in a transaction, joining the caller's when there already is one, so use cases compose
// (for example `vigil config apply` runs many of them in a single all-or-nothing transaction).
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export function withTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
