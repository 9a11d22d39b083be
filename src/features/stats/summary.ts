/**
 * Answers a statistics page from the summary cells (stats_summary and its delta, migrations 0504 and 0506) instead
 * of scanning the facts, when the scope is one the summary is keyed by: whole years and a place of recovery, for a caller who sees every agency. The
 * summary has no agency column, so an agency-limited caller never reads it (their figures come from the facts,
 * filtered by agency, in stats.repository). What the summary cannot hold is read from the facts through narrow
 * indexes: open traces overdue against the clock, the first and last day, and the values of the one histogram
 * bucket that holds a median's rank, which makes every median and percentile exact.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/types.js';
import { TTC_BUCKET_DAYS, TURNAROUND_BUCKET_HOURS } from '../../db/migrations/0504_stats_summary.js';
import { scopeCondition, type ResolvedScope } from './scope.js';
import type { DimensionRow, SummaryRow } from './stats.repository.js';

const YEAR_START = /^(\d{4})-01-01$/;
const YEAR_END = /^(\d{4})-12-31$/;

/** Whole years, a place, and national sight: what the summary is keyed by. Anything else reads the facts. */
export function summaryCanAnswer(s: ResolvedScope): boolean {
  if (s.visibleAgencyIds !== null || s.agencyId !== undefined) return false;
  if (s.dealerLicence !== undefined || s.caseNumber !== undefined) return false;
  if (s.from !== undefined && !YEAR_START.test(s.from)) return false;
  if (s.to !== undefined && !YEAR_END.test(s.to)) return false;
  return true;
}

function summaryCondition(s: ResolvedScope): RawBuilder<boolean> {
  const c: Array<RawBuilder<unknown>> = [sql`true`];
  if (s.from) c.push(sql`m.yr >= ${Number(YEAR_START.exec(s.from)![1])}`);
  if (s.to) c.push(sql`m.yr <= ${Number(YEAR_END.exec(s.to)![1])}`);
  if (s.state) c.push(sql`m.rec_state = ${s.state} AND m.rec_country = 'US'`);
  if (s.mxState) c.push(sql`m.rec_mx_state = ${s.mxState}`);
  if (s.country) c.push(sql`m.rec_country = ${s.country}`);
  // A country or the nation: the cells summed over places (migration 0505), and the per-place cells of the two
  // dimensions that name places, which have no such sums. A state or Mexican state reads its own cells.
  if (!s.state && !s.mxState) {
    c.push(s.country ? sql`(m.rec_state = '*' OR m.dim IN ('all', 'city'))` : sql`(m.rec_country = '*' OR m.dim IN ('all', 'city'))`);
  }
  return sql<boolean>`(${sql.join(c, sql` AND `)})`;
}

interface Cell {
  dim: string;
  k1: string | null;
  k2: string | null;
  k3: string | null;
  rec_country: string | null;
  rec_state: string | null;
  rec_mx_state: string | null;
  n: number;
  sm: number;
}

/** The facts and the summary disagree (a change not yet applied): the caller falls back to the facts. */
export class SummaryMismatch extends Error {}

/**
 * Exact percentile_cont over values known only as a histogram of buckets, reading the values of just the buckets
 * that hold the ranks needed. Same interpolation as PostgreSQL's percentile_cont.
 */
export async function bucketPercentiles(
  hist: ReadonlyArray<readonly [bucket: number, count: number]>,
  ps: readonly number[],
  valuesIn: (bucket: number) => Promise<number[]>,
): Promise<Array<number | null>> {
  const sorted = [...hist].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const n = sorted.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return ps.map(() => null);
  const cache = new Map<number, Promise<number[]>>();
  const at = async (rank: number): Promise<number> => {
    let before = 0;
    for (const [b, c] of sorted) {
      if (rank < before + c) {
        if (!cache.has(b)) cache.set(b, valuesIn(b));
        const vs = await cache.get(b)!;
        if (vs.length !== c) throw new SummaryMismatch(`bucket ${b}: ${vs.length} facts, summary says ${c}`);
        return vs[rank - before]!;
      }
      before += c;
    }
    throw new SummaryMismatch(`rank ${rank} beyond ${n}`);
  };
  return Promise.all(
    ps.map(async (p) => {
      const pos = p * (n - 1);
      const lo = Math.floor(pos);
      const hi = Math.ceil(pos);
      const [a, b] = await Promise.all([at(lo), at(hi)]);
      return a + (b - a) * (pos - lo);
    }),
  );
}

const num = (x: string | null): number | null => (x == null ? null : Number(x));

/** The rows of stats.repository's summary and dimensions, from the summary table (for scopes summaryCanAnswer). */
export async function fromSummary(db: Tx, scope: ResolvedScope, now: Date): Promise<{ s: SummaryRow; rows: DimensionRow[] }> {
  const where = scopeCondition(scope);
  // The histograms are a few hundred cells: read on their own, their median buckets are fetched while the
  // larger read of the other cells (cities above all) is still running.
  const cellsOf = (hist: boolean) => sql<Cell>`
      SELECT m.dim, m.k1, m.k2, m.k3,
             CASE WHEN m.dim IN ('all', 'city') THEN m.rec_country END AS rec_country,
             CASE WHEN m.dim IN ('all', 'city') THEN m.rec_state END AS rec_state,
             CASE WHEN m.dim IN ('all', 'city') THEN m.rec_mx_state END AS rec_mx_state,
             sum(m.n::float8) AS n, sum(m.sm) AS sm
      FROM stats_summary_cells m
      WHERE ${summaryCondition(scope)} AND ${hist ? sql`m.dim IN ('ttcb', 'tat')` : sql`m.dim NOT IN ('ttcb', 'tat')`}
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      HAVING sum(m.n::float8) <> 0`.execute(db);
  const histP = cellsOf(true);
  const clockP = sql<{ urgent_overdue_open: number; routine_overdue_open: number; first_on: string | null; last_on: string | null }>`
      SELECT
        (SELECT count(*) FROM stats_trace_facts f WHERE ${where} AND f.status IN ('submitted', 'in_progress')
           AND f.priority = 'urgent' AND f.due_at < ${now})::int AS urgent_overdue_open,
        (SELECT count(*) FROM stats_trace_facts f WHERE ${where} AND f.status IN ('submitted', 'in_progress')
           AND f.priority = 'routine' AND f.due_at < ${now})::int AS routine_overdue_open,
        (SELECT min(f.event_on) FROM stats_trace_facts f WHERE ${where})::text AS first_on,
        (SELECT max(f.event_on) FROM stats_trace_facts f WHERE ${where})::text AS last_on`.execute(db);
  const restP = cellsOf(false);

  const ttcValues = async (b: number): Promise<number[]> => {
    const r = await sql<{ v: number }>`
      SELECT f.ttc_days AS v FROM stats_trace_facts f
      WHERE ${where} AND f.ttc_bracket IS NOT NULL
        AND f.ttc_days >= ${b * TTC_BUCKET_DAYS} AND f.ttc_days < ${(b + 1) * TTC_BUCKET_DAYS}
      ORDER BY f.ttc_days`.execute(db);
    return r.rows.map((x) => x.v);
  };
  const tatValues = (p: string) => async (b: number): Promise<number[]> => {
    const r = await sql<{ v: number }>`
      SELECT f.turnaround_hours::float8 AS v FROM stats_trace_facts f
      WHERE ${where} AND f.status = 'completed' AND f.priority = ${p}
        AND f.turnaround_hours > ${(b - 1) * TURNAROUND_BUCKET_HOURS} AND f.turnaround_hours <= ${b * TURNAROUND_BUCKET_HOURS}
        AND ceil(f.turnaround_hours::float8 / ${TURNAROUND_BUCKET_HOURS})::int = ${b}
      ORDER BY 1`.execute(db);
    return r.rows.map((x) => x.v);
  };
  const mediansP = histP.then(async (h) => {
    const ttcb = h.rows.filter((c) => c.dim === 'ttcb').map((c) => [Number(c.k1), c.n] as const);
    const tat = (p: string): Array<readonly [number, number]> => h.rows.filter((c) => c.dim === 'tat' && c.k1 === p).map((c) => [Number(c.k2), c.n] as const);
    return Promise.all([
      bucketPercentiles(ttcb, [0.5], ttcValues),
      bucketPercentiles(tat('urgent'), [0.5, 0.9], tatValues('urgent')),
      bucketPercentiles(tat('routine'), [0.5, 0.9], tatValues('routine')),
    ]);
  });
  const [hist, clock, rest, [[ttcMedian], [uMed, uP90], [rMed, rP90]]] = await Promise.all([histP, clockP, restP, mediansP]);
  const cells = { rows: [...hist.rows, ...rest.rows] };
  const of = (dim: string): Cell[] => cells.rows.filter((c) => c.dim === dim);
  const total = (cs: Cell[]): number => cs.reduce((s, c) => s + c.n, 0);
  const all = of('all');
  const allWhere = (f: (c: Cell) => boolean): number => total(all.filter(f));
  const isOpen = (c: Cell): boolean => c.k2 === 'submitted' || c.k2 === 'in_progress';
  const ttcN = total(of('ttcb'));

  const c = clock.rows[0]!;
  const s: SummaryRow = {
    traces: total(all),
    completed: allWhere((x) => x.k2 === 'completed'),
    not_completed: allWhere((x) => x.k2 === 'not_completed'),
    open: allWhere(isOpen),
    urgent: allWhere((x) => x.k1 === 'urgent'),
    obliterated: total(of('obl')),
    us_sourced: total(of('source').filter((x) => x.k1 !== null)),
    ttc_known: total(of('ttc').filter((x) => x.k1 !== null)),
    ttc_mean_days: ttcN > 0 ? of('ttcb').reduce((a, x) => a + x.sm, 0) / ttcN : null,
    ttc_median_days: ttcMedian ?? null,
    first_on: c.first_on,
    last_on: c.last_on,
    urgent_completed: allWhere((x) => x.k1 === 'urgent' && x.k2 === 'completed'),
    urgent_within: allWhere((x) => x.k1 === 'urgent' && x.k2 === 'completed' && x.k3 === '1'),
    urgent_median_h: uMed ?? null,
    urgent_p90_h: uP90 ?? null,
    urgent_overdue_open: c.urgent_overdue_open,
    urgent_open: allWhere((x) => x.k1 === 'urgent' && isOpen(x)),
    routine_completed: allWhere((x) => x.k1 === 'routine' && x.k2 === 'completed'),
    routine_within: allWhere((x) => x.k1 === 'routine' && x.k2 === 'completed' && x.k3 === '1'),
    routine_median_h: rMed ?? null,
    routine_p90_h: rP90 ?? null,
    routine_overdue_open: c.routine_overdue_open,
    routine_open: allWhere((x) => x.k1 === 'routine' && isOpen(x)),
  };
  return { s, rows: dimensionRows(cells.rows) };
}

const EMPTY: Omit<DimensionRow, 'dim' | 'n'> = {
  firearm_type: null, caliber: null, maker: null, ttc_bracket: null, dealer_state: null, rec_country: null, rec_state: null,
  rec_mx_state: null, rec_city: null, ncic_code: null, possessor_age: null, status: null, not_completed_reason: null, day: null,
};

/** The summary's cells as the dimension rows of stats.repository, so figures.ts builds the page either way. */
function dimensionRows(cells: Cell[]): DimensionRow[] {
  const out: DimensionRow[] = [];
  const places = new Map<string, DimensionRow>();
  for (const c of cells) {
    const row = (dim: DimensionRow['dim'], v: Partial<DimensionRow>): void => {
      out.push({ ...EMPTY, ...v, dim, n: c.n });
    };
    switch (c.dim) {
      case 'all': {
        const key = `${c.rec_country}|${c.rec_state ?? ''}|${c.rec_mx_state ?? ''}`;
        const p = places.get(key);
        if (p) p.n += c.n;
        else places.set(key, { ...EMPTY, dim: 'place', rec_country: c.rec_country, rec_state: c.rec_state, rec_mx_state: c.rec_mx_state, n: c.n });
        break;
      }
      case 'type': row('type', { firearm_type: c.k1 }); break;
      case 'caliber': row('caliber', { caliber: c.k1 }); break;
      case 'maker': row('maker', { maker: c.k1 }); break;
      case 'ttc': row('ttc', { ttc_bracket: num(c.k1) }); break;
      case 'source': row('source', { dealer_state: c.k1 }); break;
      case 'city': row('city', { rec_city: c.k1, rec_country: c.rec_country, rec_state: c.rec_state, rec_mx_state: c.rec_mx_state }); break;
      case 'crime': row('crime', { ncic_code: c.k1 }); break;
      case 'age': row('age', { possessor_age: num(c.k1) }); break;
      case 'outcome': row('outcome', { status: c.k1, not_completed_reason: c.k2 }); break;
      case 'month': row('day', { day: c.k1 === null ? null : `${c.k1}-01` }); break;
      default: break; // obl, ttcb, tat: read into the summary row above
    }
  }
  return [...out, ...places.values()];
}
