/**
 * Bringing the statistics facts and summaries up to date (migration 0504). Writers only queue the traces whose
 * facts may have changed; these functions turn the queue into facts (and, through the facts' triggers, summaries)
 * in one set-based statement.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { APPLY_LOCK } from '../../db/migrations/0504_stats_summary.js';

/**
 * The refresh hook for importers: call it after a file (or any bulk write of traces, recoveries, firearms, dealers
 * or people) so the statistics include it. Returns how many facts were written. Waits for an apply already running.
 */
export async function applyPendingStats(tx: Tx): Promise<number> {
  const r = await sql<{ n: number }>`SELECT interdict_stats_apply() AS n`.execute(tx);
  return r.rows[0]!.n;
}

/**
 * Before a read: applies what is queued unless another session is applying right now, in which case the reader
 * goes on with the facts as they stand (facts and summaries always agree with each other) rather than wait.
 */
export async function applyPendingBeforeRead(tx: Tx): Promise<void> {
  const queued = await sql<{ q: boolean }>`SELECT EXISTS (SELECT 1 FROM stats_pending) AS q`.execute(tx);
  if (!queued.rows[0]!.q) return;
  await sql`SELECT CASE WHEN pg_try_advisory_xact_lock(${APPLY_LOCK}) THEN interdict_stats_apply() ELSE -1 END`.execute(tx);
}

/**
 * For `interdict report refresh` and repair: `catch_up` adds facts for traces that have none (loaded with triggers
 * off) and applies the queue; `full` recomputes every fact and summary and ANALYZEs them.
 */
export async function refreshStats(tx: Tx, opts: { full?: boolean } = {}): Promise<{ mode: 'catch_up' | 'full'; rows: number }> {
  if (opts.full) {
    const r = await sql<{ n: number }>`SELECT interdict_stats_rebuild() AS n`.execute(tx);
    await sql`ANALYZE stats_trace_facts`.execute(tx);
    await sql`ANALYZE stats_summary`.execute(tx);
    return { mode: 'full', rows: r.rows[0]!.n };
  }
  const r = await sql<{ n: number }>`SELECT interdict_stats_catch_up() AS n`.execute(tx);
  return { mode: 'catch_up', rows: r.rows[0]!.n };
}
