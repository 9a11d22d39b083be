/**
 * Turns the raw groups of stats.repository into the figures a page or report shows: named categories, top lists
 * with the rest folded into "All others", brackets in ATF's order, shares and medians. Pure: no database.
 */
import type { DimensionRow, SummaryRow } from './stats.repository.js';
import { ROUTINE_TARGET_HOURS, URGENT_TARGET_HOURS } from './stats.repository.js';
import {
  AGE_BRACKETS,
  crimeCategory,
  FIREARM_TYPE_LABELS,
  label,
  NOT_COMPLETED_LABELS,
  placeName,
  STATUS_LABELS,
  TTC_BRACKETS,
  usStateName,
} from './labels.js';

export interface Count {
  key: string;
  label: string;
  count: number;
}

export interface TurnaroundFigures {
  priority: 'urgent' | 'routine';
  targetHours: number;
  completed: number;
  withinTarget: number;
  /** Share of completed traces answered within the target, 0..1; null when none completed. */
  withinTargetShare: number | null;
  medianHours: number | null;
  p90Hours: number | null;
  open: number;
  overdueOpen: number;
}

export interface StatsFigures {
  totals: {
    traces: number;
    completed: number;
    notCompleted: number;
    open: number;
    urgent: number;
    obliterated: number;
    /** Completed traces whose retail dealer is known (a US source). */
    usSourced: number;
    firstDate: string | null;
    lastDate: string | null;
  };
  byType: Count[];
  byCaliber: Count[];
  byMaker: Count[];
  timeToCrime: {
    brackets: Count[];
    known: number;
    meanDays: number | null;
    medianDays: number | null;
    meanYears: number | null;
    medianYears: number | null;
    /** Share of known TTCs of 3 years or less ("short"), 0..1. */
    shortShare: number | null;
  };
  sourceStates: Count[];
  recoveryPlaces: Count[];
  recoveryCities: Count[];
  crimeCategories: Count[];
  crimeCodes: Count[];
  possessorAge: { brackets: Count[]; known: number; meanYears: number | null; medianYears: number | null };
  completion: {
    completed: number;
    notCompleted: number;
    open: number;
    /** Completed over finished (completed + not completed), 0..1. */
    completionRate: number | null;
    byStatus: Count[];
    reasons: Count[];
  };
  turnaround: TurnaroundFigures[];
  byMonth: Count[];
}

export interface FigureOptions {
  /** How many rows top lists keep before folding the rest into "All others". */
  top?: number;
}

const OTHERS = 'All others';
const byCountDesc = (a: Count, b: Count): number => b.count - a.count || a.label.localeCompare(b.label);

/** Top n by count, the rest summed into one "All others" row so the list still adds up to the total. */
export function topN(rows: Count[], n: number): Count[] {
  const sorted = [...rows].sort(byCountDesc);
  if (sorted.length <= n) return sorted;
  const rest = sorted.slice(n).reduce((s, r) => s + r.count, 0);
  return [...sorted.slice(0, n), { key: '_others', label: OTHERS, count: rest }];
}

/** Sums rows that share a key (several raw codes can map to one category). */
function merge(rows: Count[]): Count[] {
  const m = new Map<string, Count>();
  for (const r of rows) {
    const e = m.get(r.key);
    if (e) e.count += r.count;
    else m.set(r.key, { ...r });
  }
  return [...m.values()];
}

/** Exact median of integer values given as a histogram. */
export function histogramMedian(hist: ReadonlyArray<readonly [value: number, count: number]>): number | null {
  const sorted = [...hist].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const n = sorted.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return null;
  const at = (k: number): number => {
    let seen = 0;
    for (const [v, c] of sorted) {
      seen += c;
      if (seen > k) return v;
    }
    return sorted[sorted.length - 1]![0];
  };
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

const round = (x: number | null, digits = 1): number | null => (x == null ? null : Number(x.toFixed(digits)));
const share = (a: number, b: number): number | null => (b > 0 ? a / b : null);

export function buildFigures(s: SummaryRow, rows: DimensionRow[], opts: FigureOptions = {}): StatsFigures {
  const top = opts.top ?? 15;
  const of = (dim: DimensionRow['dim']): DimensionRow[] => rows.filter((r) => r.dim === dim);

  const byType = of('type').map((r) => ({ key: r.firearm_type ?? 'unknown', label: label(FIREARM_TYPE_LABELS, r.firearm_type), count: r.n }));
  const byCaliber = of('caliber').map((r) => ({ key: r.caliber ?? 'unknown', label: r.caliber ?? 'Unknown', count: r.n }));
  const byMaker = of('maker').map((r) => ({ key: r.maker ?? 'unknown', label: r.maker ?? 'Unknown', count: r.n }));

  const ttcRows = of('ttc');
  const brackets = TTC_BRACKETS.map((b, i) => ({ key: b.key, label: b.label, count: ttcRows.find((r) => r.ttc_bracket === i)?.n ?? 0 }));
  const ttcKnown = brackets.reduce((n, b) => n + b.count, 0);
  const short = brackets.slice(0, 5).reduce((n, b) => n + b.count, 0);

  const sourceStates = of('source')
    .filter((r) => r.dealer_state != null)
    .map((r) => ({ key: r.dealer_state!, label: usStateName(r.dealer_state), count: r.n }));

  const placeKey = (r: DimensionRow): string => (r.rec_mx_state ? `MX-${r.rec_mx_state}` : r.rec_state && r.rec_country === 'US' ? `US-${r.rec_state}` : (r.rec_country ?? 'unknown'));
  const recoveryPlaces = merge(of('place').map((r) => ({ key: placeKey(r), label: placeName(r.rec_country, r.rec_state, r.rec_mx_state), count: r.n })));
  const recoveryCities = merge(
    of('city')
      .filter((r) => r.rec_city)
      .map((r) => {
        const city = r.rec_city!.trim().toUpperCase();
        return { key: `${placeKey(r)}|${city}`, label: `${city}, ${placeName(r.rec_country, r.rec_state, r.rec_mx_state)}`, count: r.n };
      }),
  );

  const crimeRows = of('crime');
  const crimeCodes = crimeRows.map((r) => ({ key: r.ncic_code ?? 'unknown', label: r.ncic_code ? `${r.ncic_code} ${crimeCategory(r.ncic_code)}` : 'Unknown', count: r.n }));
  const crimeCategories = merge(crimeRows.map((r) => ({ key: crimeCategory(r.ncic_code), label: crimeCategory(r.ncic_code), count: r.n })));

  const ageRows = of('age').filter((r) => r.possessor_age != null);
  const ageHist = ageRows.map((r) => [r.possessor_age!, r.n] as const);
  const ageKnown = ageRows.reduce((n, r) => n + r.n, 0);
  const ageBrackets = AGE_BRACKETS.map((b) => ({
    key: b.key,
    label: b.label,
    count: ageRows.filter((r) => r.possessor_age! >= b.min && r.possessor_age! <= b.max).reduce((n, r) => n + r.n, 0),
  }));
  const ageMean = ageKnown ? ageRows.reduce((s2, r) => s2 + r.possessor_age! * r.n, 0) / ageKnown : null;

  const outcome = of('outcome');
  const byStatus = merge(outcome.map((r) => ({ key: r.status ?? 'unknown', label: label(STATUS_LABELS, r.status), count: r.n })));
  const reasons = outcome
    .filter((r) => r.status === 'not_completed')
    .map((r) => ({ key: r.not_completed_reason ?? 'unknown', label: label(NOT_COMPLETED_LABELS, r.not_completed_reason), count: r.n }))
    .sort(byCountDesc);

  const byMonth = merge(of('day').filter((r) => r.day).map((r) => ({ key: r.day!.slice(0, 7), label: r.day!.slice(0, 7), count: r.n }))).sort((a, b) =>
    a.key.localeCompare(b.key),
  );

  const turnaround: TurnaroundFigures[] = [
    {
      priority: 'urgent', targetHours: URGENT_TARGET_HOURS, completed: s.urgent_completed, withinTarget: s.urgent_within,
      withinTargetShare: share(s.urgent_within, s.urgent_completed), medianHours: round(s.urgent_median_h, 2), p90Hours: round(s.urgent_p90_h, 2),
      open: s.urgent_open, overdueOpen: s.urgent_overdue_open,
    },
    {
      priority: 'routine', targetHours: ROUTINE_TARGET_HOURS, completed: s.routine_completed, withinTarget: s.routine_within,
      withinTargetShare: share(s.routine_within, s.routine_completed), medianHours: round(s.routine_median_h, 2), p90Hours: round(s.routine_p90_h, 2),
      open: s.routine_open, overdueOpen: s.routine_overdue_open,
    },
  ];

  return {
    totals: {
      traces: s.traces, completed: s.completed, notCompleted: s.not_completed, open: s.open, urgent: s.urgent,
      obliterated: s.obliterated, usSourced: s.us_sourced, firstDate: s.first_on, lastDate: s.last_on,
    },
    byType: byType.sort(byCountDesc),
    byCaliber: topN(byCaliber, top),
    byMaker: topN(byMaker, top),
    timeToCrime: {
      brackets,
      known: ttcKnown,
      meanDays: round(s.ttc_mean_days, 2),
      medianDays: round(s.ttc_median_days, 2),
      meanYears: s.ttc_mean_days == null ? null : round(s.ttc_mean_days / 365.25, 2),
      medianYears: s.ttc_median_days == null ? null : round(s.ttc_median_days / 365.25, 2),
      shortShare: share(short, ttcKnown),
    },
    sourceStates: topN(sourceStates, top),
    recoveryPlaces: topN(recoveryPlaces, top),
    recoveryCities: topN(recoveryCities, top),
    crimeCategories: crimeCategories.sort(byCountDesc),
    crimeCodes: topN(crimeCodes, top),
    possessorAge: { brackets: ageBrackets, known: ageKnown, meanYears: round(ageMean), medianYears: histogramMedian(ageHist) },
    completion: {
      completed: s.completed,
      notCompleted: s.not_completed,
      open: s.open,
      completionRate: share(s.completed, s.completed + s.not_completed),
      byStatus: byStatus.sort(byCountDesc),
      reasons,
    },
    turnaround,
    byMonth,
  };
}
