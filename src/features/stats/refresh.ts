/**
 * Bringing the statistics facts and summaries up to date (migrations 0504, 0506). Writers only queue the traces
 * whose facts may have changed; these functions turn the queue into facts in one set-based statement, and the
 * facts' triggers append the summary changes to a delta table that readers sum with the summary.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { APPLY_LOCK } from '../../db/migrations/0504_stats_summary.js';

/**
 * Delta rows above which the apply hook folds the delta into the summary. Readers scan the whole delta (it has no
 * index, so appending stays cheap); at this size the scan costs a reader tens of milliseconds, and one fold takes
 * the changes of several imports at once. About 40 rows per trace before grouping: some 10,000 new traces.
 */
export const COMPACT_AT_ROWS = 200_000;

/**
 * The refresh hook for importers: call it after a file (or any bulk write of traces, recoveries, firearms, dealers
 * or people) so the statistics include it. Returns how many facts were written. Waits for an apply already
 * running. When the summary delta has grown past `compactAt` rows it is folded into the summary afterwards.
 */
export async function applyPendingStats(tx: Tx, opts: { compactAt?: number } = {}): Promise<number> {
  const r = await sql<{ n: number }>`SELECT interdict_stats_apply() AS n`.execute(tx);
  await compactStatsIfDue(tx, opts.compactAt ?? COMPACT_AT_ROWS);
  return r.rows[0]!.n;
}

/** Folds the summary delta into the summary when it holds more than `atRows` rows; returns summary rows written. */
export async function compactStatsIfDue(tx: Tx, atRows: number): Promise<number> {
  const due = await sql<{ due: boolean }>`
    SELECT (SELECT count(*) FROM (SELECT 1 FROM stats_summary_delta LIMIT ${atRows + 1}) d) > ${atRows} AS due`.execute(tx);
  return due.rows[0]!.due ? compactStats(tx) : 0;
}

/** Folds the whole summary delta into the summary (one grouped upsert); returns the summary rows written. */
export async function compactStats(tx: Tx): Promise<number> {
  const r = await sql<{ n: number }>`SELECT interdict_stats_compact() AS n`.execute(tx);
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
 * off), applies the queue and folds the summary delta; `full` recomputes every fact and summary and ANALYZEs them.
 */
export async function refreshStats(tx: Tx, opts: { full?: boolean } = {}): Promise<{ mode: 'catch_up' | 'full'; rows: number }> {
  if (opts.full) {
    const r = await sql<{ n: number }>`SELECT interdict_stats_rebuild() AS n`.execute(tx);
    await sql`ANALYZE stats_trace_facts`.execute(tx);
    await sql`ANALYZE stats_summary`.execute(tx);
    await sql`ANALYZE stats_map_cells`.execute(tx);
    return { mode: 'full', rows: r.rows[0]!.n };
  }
  const r = await sql<{ n: number }>`SELECT interdict_stats_catch_up() AS n`.execute(tx);
  await compactStats(tx);
  return { mode: 'catch_up', rows: r.rows[0]!.n };
}
