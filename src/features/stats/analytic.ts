import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';

/**
 * Runs a statistics query with settings fit for one large aggregate: enough work memory for the hash tables of
 * GROUPING SETS and the sorts of the medians to stay in memory (the 4 MB default spills them to disk), and no JIT
 * (compiling costs about half a second per query and repays itself only on much longer queries). SET LOCAL
 * confines both to the query's own transaction.
 */
export async function analytic<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const run = async (t: Tx): Promise<T> => {
    await sql`SET LOCAL work_mem = '64MB'`.execute(t);
    await sql`SET LOCAL jit = off`.execute(t);
    return fn(t);
  };
  return tx.isTransaction ? run(tx) : tx.transaction().execute(run);
}
