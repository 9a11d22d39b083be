/**
 * Queries over stats_trace_facts (migration 0501). Two statements answer a whole statistics page: one row of
 * totals and ordered-set aggregates, and one pass with GROUPING SETS that counts every dimension at once.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { analytic } from './analytic.js';
import { scopeCondition, type ResolvedScope } from './scope.js';

export const URGENT_TARGET_HOURS = 24;
export const ROUTINE_TARGET_HOURS = 24 * 7;

export interface SummaryRow {
  traces: number;
  completed: number;
  not_completed: number;
  open: number;
  urgent: number;
  obliterated: number;
  us_sourced: number;
  ttc_known: number;
  ttc_mean_days: number | null;
  ttc_median_days: number | null;
  first_on: string | null;
  last_on: string | null;
  urgent_completed: number;
  urgent_within: number;
  urgent_median_h: number | null;
  urgent_p90_h: number | null;
  urgent_overdue_open: number;
  urgent_open: number;
  routine_completed: number;
  routine_within: number;
  routine_median_h: number | null;
  routine_p90_h: number | null;
  routine_overdue_open: number;
  routine_open: number;
}

export async function summary(db: Tx, scope: ResolvedScope, now: Date): Promise<SummaryRow> {
  const r = await analytic(db, (tx) => sql<SummaryRow>`
    SELECT
      count(*)::int AS traces,
      count(*) FILTER (WHERE f.status = 'completed')::int AS completed,
      count(*) FILTER (WHERE f.status = 'not_completed')::int AS not_completed,
      count(*) FILTER (WHERE f.status IN ('submitted', 'in_progress'))::int AS open,
      count(*) FILTER (WHERE f.priority = 'urgent')::int AS urgent,
      count(*) FILTER (WHERE f.obliterated)::int AS obliterated,
      count(*) FILTER (WHERE f.dealer_state IS NOT NULL)::int AS us_sourced,
      count(f.ttc_bracket)::int AS ttc_known,
      avg(f.ttc_days) FILTER (WHERE f.ttc_bracket IS NOT NULL)::float8 AS ttc_mean_days,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY f.ttc_days) FILTER (WHERE f.ttc_bracket IS NOT NULL) AS ttc_median_days,
      min(f.event_on)::text AS first_on,
      max(f.event_on)::text AS last_on,
      count(*) FILTER (WHERE f.priority = 'urgent' AND f.status = 'completed')::int AS urgent_completed,
      count(*) FILTER (WHERE f.priority = 'urgent' AND f.status = 'completed' AND f.turnaround_hours <= ${URGENT_TARGET_HOURS})::int AS urgent_within,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY f.turnaround_hours) FILTER (WHERE f.priority = 'urgent' AND f.status = 'completed') AS urgent_median_h,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY f.turnaround_hours) FILTER (WHERE f.priority = 'urgent' AND f.status = 'completed') AS urgent_p90_h,
      count(*) FILTER (WHERE f.priority = 'urgent' AND f.status IN ('submitted', 'in_progress') AND f.due_at < ${now})::int AS urgent_overdue_open,
      count(*) FILTER (WHERE f.priority = 'urgent' AND f.status IN ('submitted', 'in_progress'))::int AS urgent_open,
      count(*) FILTER (WHERE f.priority = 'routine' AND f.status = 'completed')::int AS routine_completed,
      count(*) FILTER (WHERE f.priority = 'routine' AND f.status = 'completed' AND f.turnaround_hours <= ${ROUTINE_TARGET_HOURS})::int AS routine_within,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY f.turnaround_hours) FILTER (WHERE f.priority = 'routine' AND f.status = 'completed') AS routine_median_h,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY f.turnaround_hours) FILTER (WHERE f.priority = 'routine' AND f.status = 'completed') AS routine_p90_h,
      count(*) FILTER (WHERE f.priority = 'routine' AND f.status IN ('submitted', 'in_progress') AND f.due_at < ${now})::int AS routine_overdue_open,
      count(*) FILTER (WHERE f.priority = 'routine' AND f.status IN ('submitted', 'in_progress'))::int AS routine_open
    FROM stats_trace_facts f
    WHERE ${scopeCondition(scope)}
  `.execute(tx));
  return r.rows[0]!;
}

/** The dimensions counted in one pass. The order is the order of the GROUPING() bitmask, most significant first. */
export const DIMENSIONS = ['type', 'caliber', 'maker', 'ttc', 'source', 'city', 'place', 'crime', 'age', 'outcome', 'day'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface DimensionRow {
  dim: Dimension;
  /** The group's values; which are set depends on the dimension. */
  firearm_type: string | null;
  caliber: string | null;
  maker: string | null;
  ttc_bracket: number | null;
  dealer_state: string | null;
  rec_country: string | null;
  rec_state: string | null;
  rec_mx_state: string | null;
  rec_city: string | null;
  ncic_code: string | null;
  possessor_age: number | null;
  status: string | null;
  not_completed_reason: string | null;
  /** The event date, YYYY-MM-DD: grouping by the date itself is cheaper than by a computed month. */
  day: string | null;
  n: number;
}

interface RawDimensionRow extends Omit<DimensionRow, 'dim'> {
  g_type: number;
  g_caliber: number;
  g_maker: number;
  g_ttc: number;
  g_source: number;
  g_city: number;
  g_place: number;
  g_crime: number;
  g_age: number;
  g_outcome: number;
}

function dimOf(r: RawDimensionRow): Dimension {
  // GROUPING(x) is 0 when x is one of the grouped columns of the row's set.
  if (r.g_type === 0) return 'type';
  if (r.g_caliber === 0) return 'caliber';
  if (r.g_maker === 0) return 'maker';
  if (r.g_ttc === 0) return 'ttc';
  if (r.g_source === 0) return 'source';
  if (r.g_city === 0) return 'city';
  if (r.g_place === 0) return 'place';
  if (r.g_crime === 0) return 'crime';
  if (r.g_age === 0) return 'age';
  if (r.g_outcome === 0) return 'outcome';
  return 'day';
}

export async function dimensions(db: Tx, scope: ResolvedScope): Promise<DimensionRow[]> {
  const r = await analytic(db, (tx) => sql<RawDimensionRow>`
    SELECT
      f.firearm_type, f.caliber, f.maker, f.ttc_bracket, f.dealer_state,
      f.rec_country, f.rec_state, f.rec_mx_state, f.rec_city, f.ncic_code, f.possessor_age,
      f.status, f.not_completed_reason,
      f.event_on::text AS day,
      GROUPING(f.firearm_type) AS g_type, GROUPING(f.caliber) AS g_caliber, GROUPING(f.maker) AS g_maker,
      GROUPING(f.ttc_bracket) AS g_ttc, GROUPING(f.dealer_state) AS g_source, GROUPING(f.rec_city) AS g_city,
      GROUPING(f.rec_country) AS g_place, GROUPING(f.ncic_code) AS g_crime, GROUPING(f.possessor_age) AS g_age,
      GROUPING(f.status) AS g_outcome,
      count(*)::int AS n
    FROM stats_trace_facts f
    WHERE ${scopeCondition(scope)}
    GROUP BY GROUPING SETS (
      (f.firearm_type), (f.caliber), (f.maker), (f.ttc_bracket), (f.dealer_state),
      (f.rec_country, f.rec_state, f.rec_mx_state, f.rec_city), (f.rec_country, f.rec_state, f.rec_mx_state),
      (f.ncic_code), (f.possessor_age), (f.status, f.not_completed_reason), (f.event_on)
    )
  `.execute(tx));
  return r.rows.map((row) => ({ ...row, dim: dimOf(row) }));
}
