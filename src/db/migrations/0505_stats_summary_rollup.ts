import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.js';
import { summaryRows as placeRows } from './0504_stats_summary.js';

/**
 * Statistics summaries, measured (bench/stats, 510,000 traces): a national page still read every place's cells
 * (266,000 rows) and the median buckets fetched their facts from the heap.
 *
 * - Country and national cells: every dimension but two is also summed over each country's places (rows whose
 *   rec_state and rec_mx_state are '*') and over all places (rec_country '*'). A page for a country or for the
 *   nation reads those, plus the per-place cells of the two dimensions that name places ('all', whose place columns
 *   give the recovery places, and 'city').
 * - The indexes the median buckets read carry the scope columns, so the exact pass is an index-only scan once the
 *   facts are vacuumed.
 * - A queue of up to 100,000 traces is applied with nested loops over primary keys: hashing whole source tables for
 *   a few thousand traces (an import batch) cost seconds.
 */

/**
 * Per-place cells and, for all dimensions but 'all' and 'city', the same cells summed over each country's places
 * (rec_state and rec_mx_state '*') and over every place (rec_country '*').
 */
export function summaryRows(src: string): string {
  return `
    SELECT r.yr,
           CASE WHEN l.up = 2 THEN '*' ELSE r.rec_country END AS rec_country,
           CASE l.up WHEN 0 THEN r.rec_state WHEN 1 THEN '*' END AS rec_state,
           CASE l.up WHEN 0 THEN r.rec_mx_state WHEN 1 THEN '*' END AS rec_mx_state,
           r.dim, r.k1, r.k2, r.k3, r.v
    FROM (${placeRows(src)}) r
    CROSS JOIN (VALUES (0), (1), (2)) AS l(up)
    WHERE l.up = 0 OR r.dim NOT IN ('all', 'city')`;
}

const KEY = 'yr, rec_country, rec_state, rec_mx_state, dim, k1, k2, k3';

function applyDelta(plus: string | null, minus: string | null): string {
  const parts = [
    ...(plus ? [`SELECT 1 AS sg, p.* FROM (${summaryRows(plus)}) p`] : []),
    ...(minus ? [`SELECT -1 AS sg, m.* FROM (${summaryRows(minus)}) m`] : []),
  ];
  return `
  IF current_setting('interdict.stats_summary_off', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO stats_summary AS s (${KEY}, n, sm)
  SELECT ${KEY}, sum(sg)::bigint, sum(sg * v)
  FROM (${parts.join(' UNION ALL ')}) z
  GROUP BY ${KEY}
  ORDER BY ${KEY}
  ON CONFLICT (${KEY}) DO UPDATE SET n = s.n + EXCLUDED.n, sm = s.sm + EXCLUDED.sm;
  RETURN NULL;`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE OR REPLACE FUNCTION interdict_stats_summary_on_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN ${applyDelta('stats_new_facts', null)}
END
$fn$;
CREATE OR REPLACE FUNCTION interdict_stats_summary_on_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN ${applyDelta(null, 'stats_old_facts')}
END
$fn$;
CREATE OR REPLACE FUNCTION interdict_stats_summary_on_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN ${applyDelta('stats_new_facts', 'stats_old_facts')}
END
$fn$;

CREATE OR REPLACE FUNCTION interdict_stats_summary_rebuild() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE n integer;
BEGIN
  DELETE FROM stats_summary;
  INSERT INTO stats_summary (${KEY}, n, sm)
  SELECT ${KEY}, count(*), sum(v) FROM (${summaryRows('stats_trace_facts')}) r GROUP BY ${KEY};
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$fn$;
ALTER FUNCTION interdict_stats_summary_rebuild() SET work_mem = '256MB';

CREATE INDEX stats_summary_country ON stats_summary(rec_country, yr);
CREATE INDEX stats_summary_dim ON stats_summary(dim, yr);

DROP INDEX stats_facts_ttc_days;
DROP INDEX stats_facts_turnaround;
CREATE INDEX stats_facts_ttc_days ON stats_trace_facts(ttc_days) INCLUDE (event_on, rec_country, rec_state, rec_mx_state)
  WHERE ttc_bracket IS NOT NULL;
CREATE INDEX stats_facts_turnaround ON stats_trace_facts(priority, turnaround_hours) INCLUDE (event_on, rec_country, rec_state, rec_mx_state)
  WHERE status = 'completed';

CREATE OR REPLACE FUNCTION interdict_stats_apply() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE ids bigint[];
BEGIN
  PERFORM pg_advisory_xact_lock(80504);
  WITH taken AS (DELETE FROM stats_pending RETURNING trace_id)
  SELECT coalesce(array_agg(trace_id), '{}') INTO ids FROM taken;
  IF cardinality(ids) = 0 THEN RETURN 0; END IF;
  IF cardinality(ids) <= 100000 THEN RETURN interdict_stats_refresh(ids); END IF;
  RETURN interdict_stats_refresh_bulk(ids);
END
$fn$;

SELECT interdict_stats_summary_rebuild();
`,
  );
}
