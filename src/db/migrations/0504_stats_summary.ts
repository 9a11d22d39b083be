import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.js';

/**
 * Statistics, part two (ADR 0005): writes queue, summaries answer.
 *
 * 1. Writers no longer compute facts. The triggers on trace_requests, recoveries, firearms, dealers and person_records
 *    only queue the ids of the traces whose fact may have changed (stats_pending, one cheap set-based insert per
 *    statement). interdict_stats_apply() turns the queue into facts in one set-based statement: the importer calls
 *    it after a file (the refresh hook), and the statistics service calls it before it reads, so a trace submitted
 *    a moment ago is counted. Measured: the per-statement fact computation made an import batch about three times
 *    slower; queueing costs next to nothing and one refresh per file is set-based.
 *
 * 2. stats_summary holds, per year of event and place of recovery (country, US state, Mexican state), the count of
 *    facts for every value of every dimension a statistics page shows, with a sum for means and coarse histograms
 *    of time-to-crime days and turnaround hours (exact medians: the histogram finds the bucket that holds the middle
 *    rank, and only that bucket's values are read from the facts). It is kept equal to an aggregate of
 *    stats_trace_facts by statement-level triggers on the facts table, so it changes in the same transaction as the
 *    facts. It has no agency: it answers only callers that see every agency (src/features/stats/summary.ts).
 */

// Bucket widths of the median histograms. Narrow buckets make more summary rows; wide ones make the exact pass read
// more facts. 91 days and 12 hours keep both small for the benchmark world. 24 and 168 (the turnaround targets)
// are multiples of 12, so a bucket never straddles a target.
export const TTC_BUCKET_DAYS = 91;
export const TURNAROUND_BUCKET_HOURS = 12;
/** Advisory lock key held by interdict_stats_apply() (src/features/stats/refresh.ts tries it without waiting). */
export const APPLY_LOCK = 80_504;

/** The summary rows one set of facts contributes; `src` is a table or transition table of stats_trace_facts rows. */
export function summaryRows(src: string): string {
  return `
    SELECT extract(year FROM x.event_on)::smallint AS yr, x.rec_country, x.rec_state, x.rec_mx_state,
           d.dim, d.k1, d.k2, d.k3, d.v
    FROM ${src} x
    CROSS JOIN LATERAL (VALUES
      ('all', x.priority, x.status,
        CASE WHEN x.status = 'completed' AND x.turnaround_hours <= CASE x.priority WHEN 'urgent' THEN 24 ELSE 168 END THEN '1' END, 0::float8),
      (CASE WHEN x.obliterated THEN 'obl' END, NULL, NULL, NULL, 0),
      ('type', x.firearm_type, NULL, NULL, 0),
      ('caliber', x.caliber, NULL, NULL, 0),
      ('maker', x.maker, NULL, NULL, 0),
      ('ttc', x.ttc_bracket::text, NULL, NULL, 0),
      (CASE WHEN x.ttc_bracket IS NOT NULL AND x.ttc_days IS NOT NULL THEN 'ttcb' END,
        floor(x.ttc_days::float8 / ${TTC_BUCKET_DAYS})::int::text, NULL, NULL, x.ttc_days::float8),
      ('source', x.dealer_state, NULL, NULL, 0),
      ('city', x.rec_city, NULL, NULL, 0),
      ('crime', x.ncic_code, NULL, NULL, 0),
      ('age', x.possessor_age::text, NULL, NULL, 0),
      ('outcome', x.status, x.not_completed_reason, NULL, 0),
      ('month', to_char(x.event_on, 'YYYY-MM'), NULL, NULL, 0),
      (CASE WHEN x.status = 'completed' AND x.turnaround_hours IS NOT NULL THEN 'tat' END,
        x.priority, ceil(x.turnaround_hours::float8 / ${TURNAROUND_BUCKET_HOURS})::int::text, NULL, 0)
    ) AS d(dim, k1, k2, k3, v)
    WHERE d.dim IS NOT NULL`;
}

const KEY = 'yr, rec_country, rec_state, rec_mx_state, dim, k1, k2, k3';

/** Adds the rows of `plus` and takes away those of `minus` (transition tables), one upsert per statement. */
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
  -- In key order, so two transactions touching the same summary rows lock them in the same order (no deadlock).
  ORDER BY ${KEY}
  ON CONFLICT (${KEY}) DO UPDATE SET n = s.n + EXCLUDED.n, sm = s.sm + EXCLUDED.sm;
  RETURN NULL;`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE stats_pending (trace_id bigint PRIMARY KEY);

CREATE TABLE stats_summary (
  yr           smallint NOT NULL,
  rec_country  text NOT NULL,
  rec_state    text,
  rec_mx_state text,
  dim          text NOT NULL,
  k1           text,
  k2           text,
  k3           text,
  n            bigint NOT NULL,
  sm           double precision NOT NULL DEFAULT 0,
  CONSTRAINT stats_summary_key UNIQUE NULLS NOT DISTINCT (${KEY})
);

-- The exact pass of a median reads one histogram bucket of facts in order.
CREATE INDEX stats_facts_ttc_days ON stats_trace_facts(ttc_days) WHERE ttc_bracket IS NOT NULL;
CREATE INDEX stats_facts_turnaround ON stats_trace_facts(priority, turnaround_hours) WHERE status = 'completed';
-- Open and overdue traces depend on the clock, so they are counted from the facts: few rows, one partial index.
CREATE INDEX stats_facts_open ON stats_trace_facts(priority, due_at) WHERE status IN ('submitted', 'in_progress');

CREATE FUNCTION interdict_stats_summary_on_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN ${applyDelta('stats_new_facts', null)}
END
$fn$;
CREATE TRIGGER stats_summary_insert AFTER INSERT ON stats_trace_facts
  REFERENCING NEW TABLE AS stats_new_facts FOR EACH STATEMENT EXECUTE FUNCTION interdict_stats_summary_on_insert();

CREATE FUNCTION interdict_stats_summary_on_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN ${applyDelta(null, 'stats_old_facts')}
END
$fn$;
CREATE TRIGGER stats_summary_delete AFTER DELETE ON stats_trace_facts
  REFERENCING OLD TABLE AS stats_old_facts FOR EACH STATEMENT EXECUTE FUNCTION interdict_stats_summary_on_delete();

CREATE FUNCTION interdict_stats_summary_on_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN ${applyDelta('stats_new_facts', 'stats_old_facts')}
END
$fn$;
CREATE TRIGGER stats_summary_update AFTER UPDATE ON stats_trace_facts
  REFERENCING OLD TABLE AS stats_old_facts NEW TABLE AS stats_new_facts
  FOR EACH STATEMENT EXECUTE FUNCTION interdict_stats_summary_on_update();

CREATE FUNCTION interdict_stats_summary_rebuild() RETURNS integer LANGUAGE plpgsql AS $fn$
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

-- Many traces at once (an import): hash joins over the source tables, as the full rebuild does.
CREATE FUNCTION interdict_stats_refresh_bulk(ids bigint[]) RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE n integer;
BEGIN
  DELETE FROM stats_trace_facts WHERE trace_id IN (SELECT unnest(ids));
  INSERT INTO stats_trace_facts SELECT s.* FROM stats_trace_source s WHERE s.trace_id IN (SELECT unnest(ids));
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$fn$;
ALTER FUNCTION interdict_stats_refresh_bulk(bigint[]) SET work_mem = '256MB';

-- Takes the whole queue. Appliers serialise on an advisory lock; a reader that finds it taken reads without waiting.
CREATE FUNCTION interdict_stats_apply() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE ids bigint[];
BEGIN
  PERFORM pg_advisory_xact_lock(${APPLY_LOCK});
  WITH taken AS (DELETE FROM stats_pending RETURNING trace_id)
  SELECT coalesce(array_agg(trace_id), '{}') INTO ids FROM taken;
  IF cardinality(ids) = 0 THEN RETURN 0; END IF;
  IF cardinality(ids) <= 2000 THEN RETURN interdict_stats_refresh(ids); END IF;
  RETURN interdict_stats_refresh_bulk(ids);
END
$fn$;

-- Writers queue; nothing else.
CREATE OR REPLACE FUNCTION interdict_stats_on_trace_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO stats_pending SELECT id FROM stats_new_rows ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$fn$;
ALTER FUNCTION interdict_stats_on_trace_insert() RESET ALL;

CREATE OR REPLACE FUNCTION interdict_stats_on_trace_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO stats_pending
  SELECT n.id FROM stats_new_rows n JOIN stats_old_rows o ON o.id = n.id
  WHERE (n.agency_id, n.priority, n.status, n.not_completed_reason, n.due_at, n.submitted_at, n.completed_at,
         n.firearm_id, n.recovery_id, n.possessor_record_id, n.ncic_code, n.dealer_id, n.dealer_licence,
         n.sale_date, n.ttc_days, n.requester_case_number, n.atf_case_number)
    IS DISTINCT FROM
        (o.agency_id, o.priority, o.status, o.not_completed_reason, o.due_at, o.submitted_at, o.completed_at,
         o.firearm_id, o.recovery_id, o.possessor_record_id, o.ncic_code, o.dealer_id, o.dealer_licence,
         o.sale_date, o.ttc_days, o.requester_case_number, o.atf_case_number)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION interdict_stats_on_recovery_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO stats_pending
  SELECT t.id FROM trace_requests t
  WHERE t.recovery_id IN (
    SELECT n.id FROM stats_new_rows n JOIN stats_old_rows o ON o.id = n.id
    WHERE (n.recovered_on, n.city, n.state, n.mx_state, n.country, n.lat, n.lon, n.ncic_code, n.possessor_record_id)
      IS DISTINCT FROM (o.recovered_on, o.city, o.state, o.mx_state, o.country, o.lat, o.lon, o.ncic_code, o.possessor_record_id))
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION interdict_stats_on_firearm_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO stats_pending
  SELECT t.id FROM trace_requests t
  WHERE t.firearm_id IN (
    SELECT n.id FROM stats_new_rows n JOIN stats_old_rows o ON o.id = n.id
    WHERE (n.firearm_type, n.caliber, n.maker, n.obliterated) IS DISTINCT FROM (o.firearm_type, o.caliber, o.maker, o.obliterated))
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$fn$;

-- A dealer's traces: those that name it by id, and those that name only its licence (which the fact resolves).
CREATE OR REPLACE FUNCTION interdict_stats_on_dealer_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO stats_pending
  SELECT f.trace_id FROM stats_trace_facts f
  WHERE f.dealer_id IN (
    SELECT n.id FROM stats_new_rows n JOIN stats_old_rows o ON o.id = n.id
    WHERE (n.state, n.licence_number) IS DISTINCT FROM (o.state, o.licence_number))
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION interdict_stats_on_person_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO stats_pending
  SELECT f.trace_id FROM stats_trace_facts f
  WHERE f.possessor_record_id IN (
    SELECT n.id FROM stats_new_rows n JOIN stats_old_rows o ON o.id = n.id WHERE n.dob IS DISTINCT FROM o.dob)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$fn$;

-- Rebuilds facts and summary; the summary triggers stand aside while the facts are rewritten wholesale.
CREATE OR REPLACE FUNCTION interdict_stats_rebuild() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE n integer;
BEGIN
  PERFORM set_config('interdict.stats_summary_off', 'on', true);
  DELETE FROM stats_pending;
  DELETE FROM stats_trace_facts;
  INSERT INTO stats_trace_facts SELECT * FROM stats_trace_source;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('interdict.stats_summary_off', 'off', true);
  PERFORM interdict_stats_summary_rebuild();
  RETURN n;
END
$fn$;
ALTER FUNCTION interdict_stats_rebuild() SET work_mem = '256MB';

-- Traces loaded with triggers off have neither a fact nor a place in the queue.
CREATE OR REPLACE FUNCTION interdict_stats_catch_up() RETURNS integer LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO stats_pending
  SELECT t.id FROM trace_requests t WHERE NOT EXISTS (SELECT 1 FROM stats_trace_facts x WHERE x.trace_id = t.id)
  ON CONFLICT DO NOTHING;
  RETURN interdict_stats_apply();
END
$fn$;

SELECT interdict_stats_summary_rebuild();
`,
  );
}
