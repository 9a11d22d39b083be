import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Tx } from '../../../db/types.js';
import { summaryRows } from '../../../db/migrations/0505_stats_summary_rollup.js';
import { mapRows } from '../../../db/migrations/0507_stats_map_cells.js';

const KEY = sql.raw('yr, rec_country, rec_state, rec_mx_state, dim, k1, k2, k3');
const MAP_KEY = sql.raw('mon, rec_country, rec_state, rec_mx_state, kind, cell, lat, lon, dealer_id, source_state');

/**
 * The summary kept up by the facts' triggers, change by change (folded cells plus the delta not yet folded, as
 * readers see them), must equal the summary recomputed from the facts in one pass (cells brought to zero by
 * deletions aside).
 */
export async function expectSummaryInSync(db: Tx): Promise<void> {
  const r = await sql<{ extra: number; missing: number }>`
    WITH kept AS (SELECT ${KEY}, sum(n) AS n, sum(sm) AS sm FROM stats_summary_cells GROUP BY ${KEY} HAVING sum(n) <> 0),
         fresh AS (SELECT ${KEY}, count(*) AS n, sum(v) AS sm FROM (${sql.raw(summaryRows('stats_trace_facts'))}) r GROUP BY ${KEY})
    SELECT (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh) a)::int AS extra,
           (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT SELECT * FROM kept) b)::int AS missing`.execute(db);
  expect(r.rows[0]).toEqual({ extra: 0, missing: 0 });
}

/** The same for the map cells (migration 0507): cells plus delta equal the cells counted from the facts. */
export async function expectMapCellsInSync(db: Tx): Promise<void> {
  const r = await sql<{ extra: number; missing: number }>`
    WITH kept AS (SELECT ${MAP_KEY}, sum(n) AS n
                  FROM (SELECT ${MAP_KEY}, n FROM stats_map_cells UNION ALL SELECT ${MAP_KEY}, n FROM stats_map_delta) c
                  GROUP BY ${MAP_KEY} HAVING sum(n) <> 0),
         fresh AS (SELECT ${MAP_KEY}, count(*) AS n FROM (${sql.raw(mapRows('stats_trace_facts'))}) r GROUP BY ${MAP_KEY})
    SELECT (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh) a)::int AS extra,
           (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT SELECT * FROM kept) b)::int AS missing`.execute(db);
  expect(r.rows[0]).toEqual({ extra: 0, missing: 0 });
}
