/**
 * The figures a world spec should produce, counted in plain TypeScript from the specs, sharing nothing with the
 * SQL (its own month arithmetic, age and percentile code), so that a test comparing the two checks the SQL.
 */
import { addMonthsIso, type TraceSpec, type WorldSpec } from './world.js';

export interface Expected {
  traces: number;
  completed: number;
  notCompleted: number;
  open: number;
  urgent: number;
  obliterated: number;
  usSourced: number;
  byType: Map<string, number>;
  byCaliber: Map<string, number>;
  byMaker: Map<string, number>;
  ttcBrackets: number[];
  ttcMeanDays: number | null;
  ttcMedianDays: number | null;
  sourceStates: Map<string, number>;
  places: Map<string, number>;
  cities: Map<string, number>;
  crimeCodes: Map<string, number>;
  ages: Map<number, number>;
  reasons: Map<string, number>;
  months: Map<string, number>;
  turnaround: Record<'urgent' | 'routine', { completed: number; within: number; median: number | null; p90: number | null; open: number; overdueOpen: number }>;
}

const dayMs = 86_400_000;
const days = (a: string, b: string): number => Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / dayMs);

export function eventDay(t: TraceSpec): string {
  return t.recovery?.on ?? t.submittedAt.toISOString().slice(0, 10);
}

export function bracketOf(sale: string, rec: string): number | null {
  if (rec < sale) return null;
  const bounds = [3, 7, 12, 24, 36];
  for (let i = 0; i < bounds.length; i++) if (rec < addMonthsIso(sale, bounds[i]!)) return i;
  return 5;
}

export function ageOn(dob: string, on: string): number | null {
  if (dob > on) return null;
  const [y1, m1, d1] = dob.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = on.split('-').map(Number) as [number, number, number];
  return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
}

/** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
export function percentileCont(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

const inc = <K>(m: Map<K, number>, k: K, n = 1): void => {
  m.set(k, (m.get(k) ?? 0) + n);
};

export function expectedFor(w: WorldSpec, keep: (t: TraceSpec) => boolean, now: Date): Expected {
  const dealerState = new Map(w.dealers.map((d) => [d.licence, d.state]));
  const e: Expected = {
    traces: 0, completed: 0, notCompleted: 0, open: 0, urgent: 0, obliterated: 0, usSourced: 0,
    byType: new Map(), byCaliber: new Map(), byMaker: new Map(), ttcBrackets: [0, 0, 0, 0, 0, 0], ttcMeanDays: null, ttcMedianDays: null,
    sourceStates: new Map(), places: new Map(), cities: new Map(), crimeCodes: new Map(), ages: new Map(), reasons: new Map(), months: new Map(),
    turnaround: {
      urgent: { completed: 0, within: 0, median: null, p90: null, open: 0, overdueOpen: 0 },
      routine: { completed: 0, within: 0, median: null, p90: null, open: 0, overdueOpen: 0 },
    },
  };
  const ttcDays: number[] = [];
  const hours: Record<'urgent' | 'routine', number[]> = { urgent: [], routine: [] };
  for (const t of w.traces) {
    if (!keep(t)) continue;
    e.traces++;
    if (t.status === 'completed') e.completed++;
    if (t.status === 'not_completed') {
      e.notCompleted++;
      inc(e.reasons, t.reason!);
    }
    const open = t.status === 'submitted' || t.status === 'in_progress';
    if (open) {
      e.open++;
      e.turnaround[t.priority].open++;
      if (t.dueAt < now) e.turnaround[t.priority].overdueOpen++;
    }
    if (t.priority === 'urgent') e.urgent++;
    if (t.firearm.obliterated) e.obliterated++;
    inc(e.byType, t.firearm.type ?? 'unknown');
    inc(e.byCaliber, t.firearm.caliber ?? 'unknown');
    inc(e.byMaker, t.firearm.maker ?? 'unknown');
    const ds = t.dealer ? dealerState.get(t.dealer)! : null;
    if (ds) {
      e.usSourced++;
      inc(e.sourceStates, ds);
    }
    if (t.saleDate && t.recovery) {
      const b = bracketOf(t.saleDate, t.recovery.on);
      if (b !== null) {
        e.ttcBrackets[b]!++;
        ttcDays.push(days(t.recovery.on, t.saleDate));
      }
    }
    const rec = t.recovery;
    const placeKey = rec?.mxState ? `MX-${rec.mxState}` : rec?.state ? `US-${rec.state}` : 'US';
    inc(e.places, placeKey);
    if (rec?.city) inc(e.cities, `${placeKey}|${rec.city}`);
    const code = t.ncic ?? rec?.ncic ?? null;
    inc(e.crimeCodes, code ?? 'unknown');
    const ev = eventDay(t);
    if (t.possessorDob) {
      const a = ageOn(t.possessorDob, ev);
      if (a !== null) inc(e.ages, a);
    }
    inc(e.months, ev.slice(0, 7));
    if (t.status === 'completed') {
      const h = (t.completedAt!.getTime() - t.submittedAt.getTime()) / 3_600_000;
      e.turnaround[t.priority].completed++;
      if (h <= (t.priority === 'urgent' ? 24 : 168)) e.turnaround[t.priority].within++;
      hours[t.priority].push(h);
    }
  }
  e.ttcMeanDays = ttcDays.length ? ttcDays.reduce((a, b) => a + b, 0) / ttcDays.length : null;
  e.ttcMedianDays = percentileCont(ttcDays, 0.5);
  for (const p of ['urgent', 'routine'] as const) {
    e.turnaround[p].median = percentileCont(hours[p], 0.5);
    e.turnaround[p].p90 = percentileCont(hours[p], 0.9);
  }
  return e;
}
