/**
 * What the map draws, per period for the time slider: recoveries on a coarse grid (never an exact address),
 * recoveries per state, source dealers, and flows from the dealer's state to the place of recovery.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/types.js';
import { analytic } from './analytic.js';
import { scopeCondition, type ResolvedScope } from './scope.js';

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
export async function recoveryGrid(db: Tx, scope: ResolvedScope, period: Period, cell: number): Promise<GridRow[]> {
  const r = await analytic(db, (tx) => sql<GridRow>`
    SELECT ${periodExpr(period)} AS period,
           (round(f.rec_lat / ${cell}::float8) * ${cell}::float8)::float8 AS lat,
           (round(f.rec_lon / ${cell}::float8) * ${cell}::float8)::float8 AS lon,
           count(*)::int AS n
    FROM stats_trace_facts f
    WHERE ${scopeCondition(scope)} AND f.rec_lat IS NOT NULL AND f.rec_lon IS NOT NULL
    GROUP BY 1, 2, 3
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

export async function recoveryPlaces(db: Tx, scope: ResolvedScope, period: Period): Promise<PlaceRow[]> {
  const r = await analytic(db, (tx) => sql<PlaceRow>`
    SELECT ${periodExpr(period)} AS period, f.rec_country, f.rec_state, f.rec_mx_state, count(*)::int AS n
    FROM stats_trace_facts f
    WHERE ${scopeCondition(scope)}
    GROUP BY 1, 2, 3, 4
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
export async function sourceDealers(db: Tx, scope: ResolvedScope, period: Period, limit: number): Promise<{ rows: DealerRow[]; dealers: DealerInfo[] }> {
  const r = await analytic(db, (tx) => sql<DealerRow>`
    WITH top AS (
      SELECT f.dealer_id FROM stats_trace_facts f
      WHERE ${scopeCondition(scope)} AND f.dealer_id IS NOT NULL
      GROUP BY f.dealer_id ORDER BY count(*) DESC, f.dealer_id LIMIT ${limit}
    )
    SELECT ${periodExpr(period)} AS period, f.dealer_id, count(*)::int AS n
    FROM stats_trace_facts f
    WHERE ${scopeCondition(scope)} AND f.dealer_id IN (SELECT dealer_id FROM top)
    GROUP BY 1, 2
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

export async function flows(db: Tx, scope: ResolvedScope, period: Period): Promise<FlowRow[]> {
  const r = await analytic(db, (tx) => sql<FlowRow>`
    SELECT ${periodExpr(period)} AS period, f.dealer_state AS source_state, f.rec_country, f.rec_state, f.rec_mx_state,
           count(*)::int AS n
    FROM stats_trace_facts f
    WHERE ${scopeCondition(scope)} AND f.dealer_state IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
  `.execute(tx));
  return r.rows;
}
