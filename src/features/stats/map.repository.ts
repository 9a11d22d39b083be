/**
 * What the map draws, per period for the time slider: recoveries on a coarse grid (never an exact address),
 * recoveries per state, source dealers, and flows from the dealer's state to the place of recovery.
 *
 * Two sources answer the same queries: the map cells (migration 0507: counts per month, place and layer, kept on
 * import) for the scopes the summaries are keyed by (summaryCanAnswer: whole years, places, national sight), and
 * the facts for every other scope. The cells' view names its month `event_on`, so one scope condition and one
 * period expression serve both.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/types.js';
import { analytic } from './analytic.js';
import { scopeCondition, type ResolvedScope } from './scope.js';
import { summaryCanAnswer } from './summary.js';

interface Source {
  /** The relation, aliased f. */
  from: RawBuilder<unknown>;
  /** How many traces a row stands for. */
  count: RawBuilder<number>;
  /** The condition selecting one layer's rows (always true on the facts). */
  layer: (kind: 'place' | 'grid' | 'flow' | 'dealer') => RawBuilder<boolean>;
  cells: boolean;
}

const FACTS: Source = { from: sql`stats_trace_facts f`, count: sql<number>`count(*)`, layer: () => sql<boolean>`true`, cells: false };
const CELLS: Source = { from: sql`stats_map_all f`, count: sql<number>`sum(f.n)`, layer: (k) => sql<boolean>`f.kind = ${k}`, cells: true };

/** The cells when they can answer the scope; `detailed` forces the facts (tests compare the two). */
function sourceFor(scope: ResolvedScope, detailed = false): Source {
  return !detailed && summaryCanAnswer(scope) ? CELLS : FACTS;
}

export type Period = 'year' | 'month';

function periodExpr(p: Period): RawBuilder<string> {
  return p === 'year' ? sql<string>`to_char(f.event_on, 'YYYY')` : sql<string>`to_char(f.event_on, 'YYYY-MM')`;
}

export interface GridRow {
  period: string;
  lat: number;
  lon: number;
  n: number;
}

/**
 * Recoveries with coordinates, snapped to cells of `cell` degrees (0.1 degree is about 11 km): a map point is a
 * neighbourhood, not a house. The cell size is a number chosen by the service from a short list, passed as a
 * parameter.
 */
export async function recoveryGrid(db: Tx, scope: ResolvedScope, period: Period, cell: number, detailed = false): Promise<GridRow[]> {
  const src = sourceFor(scope, detailed);
  const at = src.cells
    ? { lat: sql`f.lat`, lon: sql`f.lon`, where: sql`f.kind = 'grid' AND f.cell = ${cell}::float8` }
    : {
        lat: sql`(round(f.rec_lat / ${cell}::float8) * ${cell}::float8)::float8`,
        lon: sql`(round(f.rec_lon / ${cell}::float8) * ${cell}::float8)::float8`,
        where: sql`f.rec_lat IS NOT NULL AND f.rec_lon IS NOT NULL`,
      };
  const r = await analytic(db, (tx) => sql<GridRow>`
    SELECT ${periodExpr(period)} AS period, ${at.lat} AS lat, ${at.lon} AS lon, ${src.count}::int AS n
    FROM ${src.from}
    WHERE ${scopeCondition(scope)} AND ${at.where}
    GROUP BY 1, 2, 3
    HAVING ${src.count} <> 0
  `.execute(tx));
  return r.rows;
}

export interface PlaceRow {
  period: string;
  rec_country: string;
  rec_state: string | null;
  rec_mx_state: string | null;
  n: number;
}

export async function recoveryPlaces(db: Tx, scope: ResolvedScope, period: Period, detailed = false): Promise<PlaceRow[]> {
  const src = sourceFor(scope, detailed);
  const r = await analytic(db, (tx) => sql<PlaceRow>`
    SELECT ${periodExpr(period)} AS period, f.rec_country, f.rec_state, f.rec_mx_state, ${src.count}::int AS n
    FROM ${src.from}
    WHERE ${scopeCondition(scope)} AND ${src.layer('place')}
    GROUP BY 1, 2, 3, 4
    HAVING ${src.count} <> 0
  `.execute(tx));
  return r.rows;
}

export interface DealerRow {
  period: string;
  dealer_id: number;
  n: number;
}

export interface DealerInfo {
  id: number;
  licence_number: string;
  name: string;
  city: string | null;
  state: string | null;
  lat: number | null;
  lon: number | null;
}

/** Source dealers: the `limit` dealers with most traces in scope, counted per period. */
export async function sourceDealers(db: Tx, scope: ResolvedScope, period: Period, limit: number, detailed = false): Promise<{ rows: DealerRow[]; dealers: DealerInfo[] }> {
  const src = sourceFor(scope, detailed);
  // The busiest dealers over the scope, then their counts per period. Dealer cells are per year (migration 0507), so
  // a monthly map counts the months of just those dealers in the facts.
  const per = src.cells && period === 'month' ? FACTS : src;
  const r = await analytic(db, (tx) => sql<DealerRow>`
    WITH top AS (
      SELECT f.dealer_id FROM ${src.from}
      WHERE ${scopeCondition(scope)} AND ${src.layer('dealer')} AND f.dealer_id IS NOT NULL
      GROUP BY f.dealer_id HAVING ${src.count} <> 0 ORDER BY ${src.count} DESC, f.dealer_id LIMIT ${limit}
    )
    SELECT ${periodExpr(period)} AS period, f.dealer_id::int AS dealer_id, ${per.count}::int AS n
    FROM ${per.from}
    WHERE ${scopeCondition(scope)} AND ${per.layer('dealer')} AND f.dealer_id IN (SELECT dealer_id FROM top)
    GROUP BY 1, 2
    HAVING ${per.count} <> 0
  `.execute(tx));
  const ids = [...new Set(r.rows.map((x) => x.dealer_id))];
  const dealers = ids.length
    ? await db.selectFrom('dealers').select(['id', 'licence_number', 'name', 'city', 'state', 'lat', 'lon']).where('id', 'in', ids).execute()
    : [];
  return { rows: r.rows, dealers };
}

export interface FlowRow {
  period: string;
  source_state: string;
  rec_country: string;
  rec_state: string | null;
  rec_mx_state: string | null;
  n: number;
}

export async function flows(db: Tx, scope: ResolvedScope, period: Period, detailed = false): Promise<FlowRow[]> {
  const src = sourceFor(scope, detailed);
  const state = src.cells ? sql`f.source_state` : sql`f.dealer_state`;
  const r = await analytic(db, (tx) => sql<FlowRow>`
    SELECT ${periodExpr(period)} AS period, ${state} AS source_state, f.rec_country, f.rec_state, f.rec_mx_state,
           ${src.count}::int AS n
    FROM ${src.from}
    WHERE ${scopeCondition(scope)} AND ${src.layer('flow')} AND ${state} IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    HAVING ${src.count} <> 0
  `.execute(tx));
  return r.rows;
}
