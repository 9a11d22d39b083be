import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.js';

/**
 * Keeping the statistics facts current must cost an import batch or a single trace a handful of index lookups per
 * row, not a scan of every firearm and recovery. Without guidance the planner joins the few new traces to the
 * source tables with hash joins over whole tables (measured: a batch of 5,000 traces into a 500,000-trace world took
 * five times as long with the facts trigger). The per-row paths (insert trigger, refresh of given traces) are
 * therefore planned with nested loops over the primary keys; the full rebuild keeps hash joins, which suit it.
 * The full rebuild gets the memory to hash whole tables without spilling. Catch-up first finds the missing trace ids from the two primary keys alone, then refreshes just those.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
ALTER FUNCTION interdict_stats_refresh(bigint[]) SET enable_hashjoin = off;
ALTER FUNCTION interdict_stats_refresh(bigint[]) SET enable_mergejoin = off;
ALTER FUNCTION interdict_stats_on_trace_insert() SET enable_hashjoin = off;
ALTER FUNCTION interdict_stats_on_trace_insert() SET enable_mergejoin = off;
-- The full rebuild hashes whole tables: give it memory so the hash joins do not spill to disk.
ALTER FUNCTION interdict_stats_rebuild() SET work_mem = '256MB';

CREATE OR REPLACE FUNCTION interdict_stats_catch_up() RETURNS integer LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN interdict_stats_refresh(ARRAY(
    SELECT t.id FROM trace_requests t
    WHERE NOT EXISTS (SELECT 1 FROM stats_trace_facts x WHERE x.trace_id = t.id)));
END
$fn$;
`,
  );
}
