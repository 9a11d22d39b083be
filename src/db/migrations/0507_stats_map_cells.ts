import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.js';
import { summaryRows } from './0505_stats_summary_rollup.js';

/**
 * Map summaries (bench/stats: a national map read every fact four times, seconds at 262,000 traces). The map's
 * four layers counted per month and place of recovery, kept like the statistics summary (migration 0506): the
 * facts' triggers append grouped changes to stats_map_delta, readers sum stats_map_cells and the delta (the view
 * stats_map_all, whose month column is named event_on so the statistics scope condition applies to it unchanged),
 * and interdict_stats_compact() folds both deltas.
 *
 * Layers: 'place' (recoveries per place), 'grid' (recoveries on each of the map's grid sizes, the cell's centre
 * computed exactly as the facts query does), 'flow' (source dealer's state to place) and 'dealer' (per source
 * dealer). The page asks for whole years and places, for national sight, like the statistics summary.
 *
 * Dealer cells are per year (mon is 1 January): per month they would be nearly one cell per trace (262,000 traces
 * at scale 10 gave 156,000 dealer-month-place cells). A monthly map takes the busiest dealers from the yearly cells
 * and counts their months in the facts, through the dealer index (a few per cent of the facts).
 */

export const MAP_GRID_CELLS = [0.1, 0.25, 0.5, 1] as const;

const MAP_KEY = 'mon, rec_country, rec_state, rec_mx_state, kind, cell, lat, lon, dealer_id, source_state';

/** The map cells one set of facts contributes; `src` is a table or transition table of stats_trace_facts rows. */
export function mapRows(src: string): string {
  const grids = MAP_GRID_CELLS.map(
    (c) => `(CASE WHEN x.rec_lat IS NOT NULL AND x.rec_lon IS NOT NULL THEN 'grid' END, ${c}::float8,
        round(x.rec_lat / ${c}::float8) * ${c}::float8, round(x.rec_lon / ${c}::float8) * ${c}::float8, NULL::bigint, NULL::text)`,
  );
  return `
    SELECT (CASE WHEN d.kind = 'dealer' THEN date_trunc('year', x.event_on) ELSE date_trunc('month', x.event_on) END)::date AS mon,
           x.rec_country, x.rec_state, x.rec_mx_state,
           d.kind, d.cell, d.lat, d.lon, d.dealer_id, d.source_state
    FROM ${src} x
    CROSS JOIN LATERAL (VALUES
      ('place', NULL::float8, NULL::float8, NULL::float8, NULL::bigint, NULL::text),
      ${grids.join(',\n      ')},
      (CASE WHEN x.dealer_state IS NOT NULL THEN 'flow' END, NULL, NULL, NULL, NULL, x.dealer_state),
      (CASE WHEN x.dealer_id IS NOT NULL THEN 'dealer' END, NULL, NULL, NULL, x.dealer_id, NULL)
    ) AS d(kind, cell, lat, lon, dealer_id, source_state)
    WHERE d.kind IS NOT NULL`;
}

const KEY = 'yr, rec_country, rec_state, rec_mx_state, dim, k1, k2, k3';

/** Both deltas, summary and map, from the same transition tables. */
function appendDeltas(plus: string | null, minus: string | null): string {
  const parts = (rows: (src: string) => string): string =>
    [
      ...(plus ? [`SELECT 1 AS sg, p.* FROM (${rows(plus)}) p`] : []),
      ...(minus ? [`SELECT -1 AS sg, m.* FROM (${rows(minus)}) m`] : []),
    ].join(' UNION ALL ');
  return `
  IF current_setting('interdict.stats_summary_off', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO stats_summary_delta (${KEY}, n, sm)
  SELECT ${KEY}, sum(sg)::bigint, sum(sg * v)
  FROM (${parts(summaryRows)}) z
  GROUP BY ${KEY}
  HAVING sum(sg) <> 0 OR sum(sg * v) <> 0;
  INSERT INTO stats_map_delta (${MAP_KEY}, n)
  SELECT ${MAP_KEY}, sum(sg)::bigint
  FROM (${parts(mapRows)}) z
  GROUP BY ${MAP_KEY}
  HAVING sum(sg) <> 0;
  RETURN NULL;`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const columns = `
  mon          date NOT NULL,
  rec_country  text NOT NULL,
  rec_state    text,
  rec_mx_state text,
  kind         text NOT NULL,
  cell         double precision,
  lat          double precision,
  lon          double precision,
  dealer_id    bigint,
  source_state text,
  n            bigint NOT NULL`;
  await runScript(
    db,
    `
CREATE TABLE stats_map_cells (${columns},
  CONSTRAINT stats_map_cells_key UNIQUE NULLS NOT DISTINCT (${MAP_KEY})
);
CREATE TABLE stats_map_delta (${columns});

CREATE VIEW stats_map_all AS
  SELECT mon AS event_on, rec_country, rec_state, rec_mx_state, kind, cell, lat, lon, dealer_id, source_state, n FROM stats_map_cells
  UNION ALL
  SELECT mon AS event_on, rec_country, rec_state, rec_mx_state, kind, cell, lat, lon, dealer_id, source_state, n FROM stats_map_delta;

CREATE OR REPLACE FUNCTION interdict_stats_summary_on_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN ${appendDeltas('stats_new_facts', null)}
END
$fn$;
CREATE OR REPLACE FUNCTION interdict_stats_summary_on_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN ${appendDeltas(null, 'stats_old_facts')}
END
$fn$;
CREATE OR REPLACE FUNCTION interdict_stats_summary_on_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN ${appendDeltas('stats_new_facts', 'stats_old_facts')}
END
$fn$;

CREATE OR REPLACE FUNCTION interdict_stats_compact() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  written integer;
  more integer;
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
  WITH d AS (DELETE FROM stats_map_delta RETURNING ${MAP_KEY}, n)
  INSERT INTO stats_map_cells AS s (${MAP_KEY}, n)
  SELECT ${MAP_KEY}, sum(n) FROM d
  GROUP BY ${MAP_KEY}
  HAVING sum(n) <> 0
  ORDER BY ${MAP_KEY}
  ON CONFLICT (${MAP_KEY}) DO UPDATE SET n = s.n + EXCLUDED.n;
  GET DIAGNOSTICS more = ROW_COUNT;
  RETURN written + more;
END
$fn$;
ALTER FUNCTION interdict_stats_compact() SET work_mem = '64MB';

CREATE OR REPLACE FUNCTION interdict_stats_summary_rebuild() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE written integer;
BEGIN
  DELETE FROM stats_summary_delta;
  DELETE FROM stats_summary;
  INSERT INTO stats_summary (${KEY}, n, sm)
  SELECT ${KEY}, count(*), sum(v) FROM (${summaryRows('stats_trace_facts')}) r GROUP BY ${KEY};
  GET DIAGNOSTICS written = ROW_COUNT;
  DELETE FROM stats_map_delta;
  DELETE FROM stats_map_cells;
  INSERT INTO stats_map_cells (${MAP_KEY}, n)
  SELECT ${MAP_KEY}, count(*) FROM (${mapRows('stats_trace_facts')}) r GROUP BY ${MAP_KEY};
  RETURN written;
END
$fn$;
ALTER FUNCTION interdict_stats_summary_rebuild() SET work_mem = '256MB';

INSERT INTO stats_map_cells (${MAP_KEY}, n)
SELECT ${MAP_KEY}, count(*) FROM (${mapRows('stats_trace_facts')}) r GROUP BY ${MAP_KEY};
-- Planner statistics now: without them a read of many cells is planned as if there were a few hundred.
ANALYZE stats_map_cells;
`,
  );
}
