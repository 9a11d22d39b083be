/**
 * Detection measured against the simulator's truth: precision, recall and F1 for straw buyers and for rings, and per
 * ring the time to flag (days from its first purchase, and from its first reported multiple sale, to the first
 * alert on any of its people) and the guns it had bought by then.
 *
 * Subjects are mapped to true persons by majority over their records (the buyer on each report, trace and tip).
 * "Observable" straw buyers are those who appear as a buyer anywhere in the data: a person who never shows up cannot
 * be found, and both recalls are given.
 */
import { sql } from 'kysely';
import { daysBetween, fromDayNumber, toDayNumber } from '../../domain/dates.js';
import type { Tx } from '../../db/types.js';
import { linkGroupsQuery } from './features.repository.js';
import type { Truth } from './truth.js';

export interface RingTimeToFlag {
  ring: string;
  skill: string;
  people: number;
  startedBuying: string;
  firstReportedMultipleSale: string | null;
  firstAlert: string | null;
  daysFromFirstPurchase: number | null;
  daysFromFirstReport: number | null;
  /** Guns of the ring known (from reports and traces) to have been bought on or before the first alert's day. */
  gunsBeforeAlert: number | null;
  gunsTotal: number;
  flaggedPeople: number;
}

export interface Evaluation {
  scenario: string;
  seed: number;
  scale: number;
  runId: number | null;
  threshold: number | null;
  strawBuyers: {
    truth: number; observable: number; flaggedPeople: number; truePositives: number;
    precision: number; recall: number; recallOfAll: number; f1: number;
    flaggedSubjects: number; subjectPrecision: number;
  };
  rings: { truth: number; observable: number; predicted: number; correct: number; detected: number; precision: number; recall: number; f1: number };
  timeToFlag: RingTimeToFlag[];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const round = (x: number) => Math.round(x * 10_000) / 10_000;

class UnionFind {
  private parent = new Map<number, number>();
  find(x: number): number {
    let p = this.parent.get(x) ?? x;
    if (p === x) return x;
    p = this.find(p);
    this.parent.set(x, p);
    return p;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
}

function majority(votes: Map<string, number> | undefined): string | null {
  if (!votes) return null;
  let best: string | null = null;
  let n = 0;
  for (const [k, v] of votes) if (v > n || (v === n && best !== null && k < best)) [best, n] = [k, v];
  return best;
}

export async function evaluate(tx: Tx, truth: Truth, opts: { linkMaxGroup?: number } = {}): Promise<Evaluation> {
  const run = await tx.selectFrom('detection_runs').select(['id', 'params']).where('status', '=', 'completed').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const threshold = run ? Number((run.params as { threshold?: number }).threshold ?? NaN) : null;

  // Which true person each subject is, by majority over its buyer records.
  const refs = await sql<{ src: string; ref: string; subject_id: number; day: number; guns: number }>`
    SELECT 'ms' AS src, r.report_ref AS ref, s.subject_id, (r.report_date - DATE '1970-01-01') AS day,
      (SELECT count(*)::int FROM multiple_sale_items i WHERE i.report_id = r.id) AS guns
    FROM multiple_sale_reports r JOIN detection_subjects s ON s.person_record_id = r.buyer_record_id
    UNION ALL
    SELECT 'tr', coalesce(t.request_ref, t.trace_number), s.subject_id, coalesce(t.sale_date - DATE '1970-01-01', 0), 1
    FROM trace_requests t JOIN detection_subjects s ON s.person_record_id = t.buyer_record_id
    UNION ALL
    SELECT 'tip', coalesce(tp.tip_ref, tp.id::text), s.subject_id, (tp.tip_date - DATE '1970-01-01'), 0
    FROM dealer_tips tp JOIN detection_subjects s ON s.person_record_id = tp.person_record_id`.execute(tx);
  const votes = new Map<number, Map<string, number>>();
  const observable = new Set<string>();
  const firstReportOfPerson = new Map<string, number>();
  for (const r of refs.rows) {
    const person = r.src === 'ms' ? truth.msBuyer.get(r.ref) : r.src === 'tr' ? truth.traceBuyer.get(r.ref) : truth.tipSubject.get(r.ref);
    if (!person) continue;
    if (r.src !== 'tip') observable.add(person);
    if (r.src === 'ms') firstReportOfPerson.set(person, Math.min(firstReportOfPerson.get(person) ?? Infinity, r.day));
    const v = votes.get(r.subject_id) ?? new Map<string, number>();
    v.set(person, (v.get(person) ?? 0) + 1);
    votes.set(r.subject_id, v);
  }
  const personOf = new Map<number, string>();
  for (const [s, v] of votes) personOf.set(s, majority(v)!);

  const flaggedRows = await sql<{ subject_id: number; day: number | null }>`
    SELECT subject_id, (flagged_on - DATE '1970-01-01') AS day FROM person_risk_scores WHERE current AND flagged`.execute(tx);
  const flaggedPeople = new Map<string, number>(); // person -> earliest flag day
  let subjectHits = 0;
  for (const f of flaggedRows.rows) {
    const p = personOf.get(f.subject_id);
    if (p && truth.strawBuyers.has(p)) subjectHits++;
    if (!p) continue;
    const d = f.day ?? Infinity;
    flaggedPeople.set(p, Math.min(flaggedPeople.get(p) ?? Infinity, d));
  }
  const observableStraw = [...truth.strawBuyers].filter((p) => observable.has(p));
  const tp = [...flaggedPeople.keys()].filter((p) => truth.strawBuyers.has(p)).length;
  const precision = ratio(tp, flaggedPeople.size);
  const recall = ratio(tp, observableStraw.length);

  // Predicted rings: flagged subjects joined by shared attributes or guns recovered together.
  const flaggedSubjects = new Set(flaggedRows.rows.map((r) => r.subject_id));
  const uf = new UnionFind();
  const groups = await linkGroupsQuery(opts.linkMaxGroup ?? 12, false).execute(tx);
  const incidents = await sql<{ subjects: number[] }>`
    SELECT array_agg(DISTINCT s.subject_id::int) AS subjects
    FROM trace_requests t JOIN recoveries rc ON rc.id = t.recovery_id
    JOIN detection_subjects s ON s.person_record_id = t.buyer_record_id
    LEFT JOIN detection_subjects ps ON ps.person_record_id = coalesce(t.possessor_record_id, rc.possessor_record_id)
    WHERE t.status = 'completed' AND (ps.subject_id IS NOT NULL OR t.requester_case_number IS NOT NULL)
    GROUP BY rc.recovered_on, coalesce('p' || ps.subject_id::text, 'c' || t.agency_id || ':' || t.requester_case_number)
    HAVING count(DISTINCT s.subject_id) BETWEEN 2 AND 60`.execute(tx);
  for (const g of [...groups.rows.map((r) => r.subjects), ...incidents.rows.map((r) => r.subjects)]) {
    const members = g.filter((s) => flaggedSubjects.has(s));
    for (let i = 1; i < members.length; i++) uf.union(members[0], members[i]);
  }
  const clusters = new Map<number, number[]>();
  for (const s of flaggedSubjects) {
    const root = uf.find(s);
    clusters.set(root, [...(clusters.get(root) ?? []), s]);
  }
  let correct = 0;
  const ringsHit = new Set<string>();
  for (const members of clusters.values()) {
    const v = new Map<string, number>();
    for (const s of members) {
      const p = personOf.get(s);
      const ring = p ? truth.ringOf.get(p) : undefined;
      const k = ring ?? '(none)';
      v.set(k, (v.get(k) ?? 0) + 1);
    }
    const top = majority(v);
    if (top && top !== '(none)') {
      correct++;
      ringsHit.add(top);
    }
  }
  const observableRings = truth.rings.filter((r) => r.members.some((m) => observable.has(m)));
  const ringPrecision = ratio(correct, clusters.size);
  const ringRecall = ratio(ringsHit.size, observableRings.length);

  // Per ring: first purchase, first report, first alert, guns known bought by then.
  const dated = await sql<{ src: string; ref: string; day: number; guns: number }>`
    SELECT 'ms' AS src, r.report_ref AS ref, (i.transfer_date - DATE '1970-01-01') AS day, count(*)::int AS guns
    FROM multiple_sale_reports r JOIN multiple_sale_items i ON i.report_id = r.id GROUP BY r.report_ref, i.transfer_date
    UNION ALL
    SELECT 'tr', coalesce(t.request_ref, t.trace_number), (t.sale_date - DATE '1970-01-01'), 1
    FROM trace_requests t JOIN firearms f ON f.id = t.firearm_id
    WHERE t.status = 'completed' AND t.sale_date IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM firearms f2 JOIN multiple_sale_items i ON i.firearm_id = f2.id
      WHERE f.serial_key IS NOT NULL AND f2.serial_key = f.serial_key AND f2.id <> f.id)`.execute(tx);
  const gunDaysByRing = new Map<string, number[]>();
  for (const d of dated.rows) {
    const p = d.src === 'ms' ? truth.msBuyer.get(d.ref) : truth.traceBuyer.get(d.ref);
    const ring = p ? truth.ringOf.get(p) : undefined;
    if (!ring) continue;
    const list = gunDaysByRing.get(ring) ?? [];
    for (let k = 0; k < d.guns; k++) list.push(d.day);
    gunDaysByRing.set(ring, list);
  }
  const timeToFlag: RingTimeToFlag[] = truth.rings.map((r) => {
    const people = [r.trafficker, ...r.recruiters, ...r.members];
    const flags = people.map((p) => flaggedPeople.get(p)).filter((d): d is number => d !== undefined && Number.isFinite(d));
    const firstAlert = flags.length ? Math.min(...flags) : null;
    const reports = r.members.map((p) => firstReportOfPerson.get(p)).filter((d): d is number => d !== undefined);
    const firstReport = reports.length ? Math.min(...reports) : null;
    const start = toDayNumber(r.startedBuying);
    return {
      ring: r.id,
      skill: r.skill,
      people: people.length,
      startedBuying: r.startedBuying,
      firstReportedMultipleSale: firstReport === null ? null : fromDayNumber(firstReport),
      firstAlert: firstAlert === null ? null : fromDayNumber(firstAlert),
      daysFromFirstPurchase: firstAlert === null ? null : daysBetween(r.startedBuying, fromDayNumber(firstAlert)),
      daysFromFirstReport: firstAlert === null || firstReport === null ? null : firstAlert - firstReport,
      gunsBeforeAlert: firstAlert === null ? null : (gunDaysByRing.get(r.id) ?? []).filter((d) => d <= firstAlert && d >= start - 1).length,
      gunsTotal: r.guns.length,
      flaggedPeople: people.filter((p) => flaggedPeople.has(p)).length,
    };
  });

  return {
    scenario: truth.scenario,
    seed: truth.seed,
    scale: truth.scale,
    runId: run?.id ?? null,
    threshold: threshold !== null && Number.isFinite(threshold) ? threshold : null,
    strawBuyers: {
      truth: truth.strawBuyers.size, observable: observableStraw.length, flaggedPeople: flaggedPeople.size, truePositives: tp,
      precision: round(precision), recall: round(recall), recallOfAll: round(ratio(tp, truth.strawBuyers.size)), f1: round(f1(precision, recall)),
      flaggedSubjects: flaggedRows.rows.length, subjectPrecision: round(ratio(subjectHits, flaggedRows.rows.length)),
    },
    rings: {
      truth: truth.rings.length, observable: observableRings.length, predicted: clusters.size, correct, detected: ringsHit.size,
      precision: round(ringPrecision), recall: round(ringRecall), f1: round(f1(ringPrecision, ringRecall)),
    },
    timeToFlag,
  };
}

/** The evaluation as the CLI prints it. */
export function formatEvaluation(e: Evaluation): string {
  const s = e.strawBuyers;
  const r = e.rings;
  const lines = [
    `${e.scenario}, seed ${e.seed}, scale ${e.scale}; detection run ${e.runId ?? '-'} (threshold ${e.threshold ?? '-'})`,
    '',
    `Straw buyers: ${s.truth} in truth, ${s.observable} seen as buyers in the data; ${s.flaggedPeople} people flagged, ${s.truePositives} of them straw buyers`,
    `  precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)} (of all: ${s.recallOfAll.toFixed(3)})  F1 ${s.f1.toFixed(3)}`,
    `Rings: ${r.truth} in truth, ${r.observable} observable; ${r.predicted} predicted groups, ${r.correct} mostly one ring; ${r.detected} rings found`,
    `  precision ${r.precision.toFixed(3)}  recall ${r.recall.toFixed(3)}  F1 ${r.f1.toFixed(3)}`,
    '',
    'Time to flag per ring (days from first purchase / from first reported multiple sale; guns known bought by the alert):',
    ...e.timeToFlag.map((t) =>
      `  ${t.ring.padEnd(10)} ${t.skill.padEnd(9)} start ${t.startedBuying}  first report ${t.firstReportedMultipleSale ?? '-'.padEnd(10)}  ` +
      `first alert ${t.firstAlert ?? 'none'.padEnd(10)}  ${t.daysFromFirstPurchase ?? '-'} / ${t.daysFromFirstReport ?? '-'} days  ` +
      `${t.gunsBeforeAlert ?? '-'} of ${t.gunsTotal} guns  (${t.flaggedPeople}/${t.people} people flagged)`),
  ];
  return `${lines.join('\n')}\n`;
}
