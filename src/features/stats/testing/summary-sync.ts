import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Tx } from '../../../db/types.js';
import { summaryRows } from '../../../db/migrations/0505_stats_summary_rollup.js';

const KEY = sql.raw('yr, rec_country, rec_state, rec_mx_state, dim, k1, k2, k3');

/**
 * The summary kept up by the facts' triggers, change by change, must equal the summary recomputed from the facts
 * in one pass (cells brought to zero by deletions aside).
 */
export async function expectSummaryInSync(db: Tx): Promise<void> {
  const r = await sql<{ extra: number; missing: number }>`
    WITH kept AS (SELECT ${KEY}, n, sm FROM stats_summary WHERE n <> 0),
         fresh AS (SELECT ${KEY}, count(*) AS n, sum(v) AS sm FROM (${sql.raw(summaryRows('stats_trace_facts'))}) r GROUP BY ${KEY})
    SELECT (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh) a)::int AS extra,
           (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT SELECT * FROM kept) b)::int AS missing`.execute(db);
  expect(r.rows[0]).toEqual({ extra: 0, missing: 0 });
}
