import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.js';
import { summaryRows } from './0505_stats_summary_rollup.js';

/**
 * Statistics summaries, measured (bench/stats): the apply after a 5,000-trace import spent most of its time
 * upserting some 60,000 summary rows, each an index probe and a new row version with its index entries.
 *
 * The summary triggers now append their changes, already grouped per statement, to stats_summary_delta: a plain
 * insert into a table without indexes, so an apply costs in proportion to the traces it brings in. Readers sum
 * stats_summary and the delta together (the view stats_summary_cells; the pages already sum cells per key).
 * interdict_stats_compact() folds the delta into the summary in one grouped upsert: many imports' changes to the
 * same cells (a year's national totals, a city) become one update. The apply hook runs it once the delta holds
 * more than a set number of rows (src/features/stats/refresh.ts), so readers never scan a large delta.
 */

const KEY = 'yr, rec_country, rec_state, rec_mx_state, dim, k1, k2, k3';

function appendDelta(plus: string | null, minus: string | null): string {
  const parts = [
    ...(plus ? [`SELECT 1 AS sg, p.* FROM (${summaryRows(plus)}) p`] : []),
    ...(minus ? [`SELECT -1 AS sg, m.* FROM (${summaryRows(minus)}) m`] : []),
  ];
  return `
  IF current_setting('interdict.stats_summary_off', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO stats_summary_delta (${KEY}, n, sm)
  SELECT ${KEY}, sum(sg)::bigint, sum(sg * v)
  FROM (${parts.join(' UNION ALL ')}) z
  GROUP BY ${KEY}
  -- An update that leaves a cell as it was (a fact rewritten with the same values) adds nothing.
  HAVING sum(sg) <> 0 OR sum(sg * v) <> 0;
  RETURN NULL;`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE stats_summary_delta (
  yr           smallint NOT NULL,
  rec_country  text NOT NULL,
  rec_state    text,
  rec_mx_state text,
  dim          text NOT NULL,
  k1           text,
  k2           text,
  k3           text,
  n            bigint NOT NULL,
  sm           double precision NOT NULL DEFAULT 0
);

-- What readers sum: the folded cells and the changes not yet folded. Conditions on the view reach both tables.
CREATE VIEW stats_summary_cells AS
  SELECT ${KEY}, n, sm FROM stats_summary
  UNION ALL
  SELECT ${KEY}, n, sm FROM stats_summary_delta;

CREATE OR REPLACE FUNCTION interdict_stats_summary_on_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN ${appendDelta('stats_new_facts', null)}
END
$fn$;
CREATE OR REPLACE FUNCTION interdict_stats_summary_on_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN ${appendDelta(null, 'stats_old_facts')}
END
$fn$;
CREATE OR REPLACE FUNCTION interdict_stats_summary_on_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN ${appendDelta('stats_new_facts', 'stats_old_facts')}
END
$fn$;

-- Folds the delta into the summary: one grouped upsert, in key order (two folds cannot deadlock; they also
-- serialise with the apply on its advisory lock). Returns the summary rows written.
CREATE FUNCTION interdict_stats_compact() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE written integer;
BEGIN
  PERFORM pg_advisory_xact_lock(80504);
  WITH d AS (DELETE FROM stats_summary_delta RETURNING ${KEY}, n, sm)
  INSERT INTO stats_summary AS s (${KEY}, n, sm)
  SELECT ${KEY}, sum(n), sum(sm) FROM d
  GROUP BY ${KEY}
  HAVING sum(n) <> 0 OR sum(sm) <> 0
  ORDER BY ${KEY}
  ON CONFLICT (${KEY}) DO UPDATE SET n = s.n + EXCLUDED.n, sm = s.sm + EXCLUDED.sm;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$fn$;
ALTER FUNCTION interdict_stats_compact() SET work_mem = '64MB';

CREATE OR REPLACE FUNCTION interdict_stats_summary_rebuild() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE n integer;
BEGIN
  DELETE FROM stats_summary_delta;
  DELETE FROM stats_summary;
  INSERT INTO stats_summary (${KEY}, n, sm)
  SELECT ${KEY}, count(*), sum(v) FROM (${summaryRows('stats_trace_facts')}) r GROUP BY ${KEY};
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$fn$;
ALTER FUNCTION interdict_stats_summary_rebuild() SET work_mem = '256MB';
`,
  );
}
