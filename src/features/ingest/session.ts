// A transaction on one pooled connection, offered both as Kysely (for ordinary queries, repositories and the audit
// log) and as a bulk inserter (COPY needs the raw connection, which a Kysely transaction does not expose). Both run on
// the same connection, so everything a batch writes commits or rolls back together.
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { Database } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { createBulkInserter, type BulkInserter } from './bulk.js';

export interface WriteSession {
  tx: Kysely<DB>;
  bulk: BulkInserter;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** A pool of exactly this one connection; releasing it is the session's business, not Kysely's. */
function onePool(client: pg.PoolClient): PostgresPool {
  const borrowed = {
    query: client.query.bind(client),
    release: () => undefined,
  } as unknown as PostgresPoolClient;
  return { connect: async () => borrowed, end: async () => undefined };
}

export async function openSession(database: Database): Promise<WriteSession> {
  const client = await database.pool.connect();
  try {
    await client.query('BEGIN');
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
  const tx = new Kysely<DB>({ dialect: new PostgresDialect({ pool: onePool(client) }) });
  let open = true;
  const finish = async (statement: 'COMMIT' | 'ROLLBACK') => {
    if (!open) return;
    open = false;
    try {
      await client.query(statement);
      client.release();
    } catch (err) {
      // A connection whose transaction state is unknown must not go back to the pool.
      client.release(err as Error);
      throw err;
    } finally {
      await tx.destroy();
    }
  };
  return { tx, bulk: createBulkInserter(database.kind, client), commit: () => finish('COMMIT'), rollback: () => finish('ROLLBACK') };
}

/** Runs `fn` in a session: commit when it returns, roll back (and rethrow) when it throws. */
export async function inSession<T>(database: Database, fn: (s: WriteSession) => Promise<T>): Promise<T> {
  const s = await openSession(database);
  let result: T;
  try {
    result = await fn(s);
  } catch (err) {
    await s.rollback().catch((rollbackErr: unknown) => {
      throw new AggregateError([err, rollbackErr], `rollback failed after: ${(err as Error).message}`);
    });
    throw err;
  }
  await s.commit();
  return result;
}
