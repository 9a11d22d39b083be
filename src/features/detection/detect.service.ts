/**
 * A detection run: refresh who is who, gather features with set-based SQL, score every subject in TS as the rows
 * stream past (two passes: own indicators, then links to flagged people), score dealers against their volume,
 * store it all under a run id, and raise an alert for every person who crosses the threshold.
 *
 * Full runs rescore everyone. Incremental runs (after an import, or on a schedule) rescore only the subjects with
 * something new since the last completed run, and their linked neighbours.
 */
import { sql, type Kysely } from 'kysely';
import { fromDayNumber } from '../../domain/dates.js';
import type { DB } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import type { Actor } from '../audit/audit.service.js';
import { raiseAlert } from '../alerts/alerts.service.js';
import { GunClassifier, subjectsInOrder } from './assemble.js';
import { makeBusinessDayCounter } from './calendar.js';
import { coPurchasesFromStaged, dropFavoured, stageFavoured } from './co-purchase.js';
import { mexicoPairEvents } from './mexico-pairs.js';
import { travelPairEvents } from './travel-pairs.js';
import { addPartnersToScope } from './pairs.js';
import { DEFAULT_CONFIG, type DetectionConfig } from './config.js';
import { CursorReader } from './cursor.js';
import { overallRates, scoreDealer } from './dealer-risk.js';
import * as repo from './detection.repository.js';
import type { BusinessDayCounter, CoPurchaseEvent, FindingEvent, MexicoPairEvent, SubjectEvent, SubjectLink, TravelPairEvent } from './events.js';
import { linkGroupsQuery, reportsQuery, tipsQuery, tracesQuery, type LinkGroupRow, type ReportRow, type TipRow, type TraceRow } from './features.repository.js';
import { applySuspectLinks, headline, scorePerson, type LinkToSuspect, type PersonScore } from './risk.js';
import { refreshSubjects } from './subjects.js';

export interface RunOptions {
  mode: 'full' | 'incremental';
  trigger: string;
  importBatchId?: number | null;
  config?: DetectionConfig;
  actor: Actor;
  /** Raise alerts for people who cross the threshold (default true). */
  alerts?: boolean;
  onProgress?: (p: { phase: string; done?: number }) => void;
  /** Compliance findings as events per subject; supplied by the sales feature (see compliance.service.ts). */
  findings?: (tx: Tx, scoped: boolean, runId: number) => Promise<Map<number, FindingEvent[]>>;
}

export interface RunSummary {
  runId: number;
  mode: 'full' | 'incremental';
  scoped: boolean;
  personRecords: number;
  subjectsChanged: number;
  subjectsScored: number;
  scoresStored: number;
  flagged: number;
  alertsRaised: number;
  dealersScored: number;
  dealersHigh: number;
  findings: number;
  timingsMs: Record<string, number>;
}

export async function runDetection(db: Kysely<DB>, opts: RunOptions): Promise<RunSummary> {
  const cfg = opts.config ?? DEFAULT_CONFIG;
  const runId = await repo.startRun(db, { mode: opts.mode, trigger: opts.trigger, importBatchId: opts.importBatchId ?? null, params: cfg });
  try {
    const summary = await db.transaction().execute((tx) => detectIn(tx, runId, opts, cfg));
    await repo.finishRun(db, runId, summary);
    return summary;
  } catch (err) {
    await repo.failRun(db, runId, (err as Error).message);
    throw err;
  }
}

async function buildScope(tx: Tx, since: Date): Promise<void> {
  await sql`DROP TABLE IF EXISTS det_scope`.execute(tx);
  await sql`CREATE TEMP TABLE det_scope (subject_id bigint PRIMARY KEY)`.execute(tx);
  await sql`
    INSERT INTO det_scope
    SELECT DISTINCT subject_id FROM (
      SELECT subject_id FROM det_changed
      UNION SELECT old_subject FROM det_changed WHERE old_subject IS NOT NULL
      UNION SELECT s.subject_id FROM person_records pr JOIN detection_subjects s ON s.person_record_id = pr.id WHERE pr.created_at >= ${since}
      UNION SELECT s.subject_id FROM person_attributes pa JOIN detection_subjects s ON s.person_record_id = pa.person_record_id WHERE pa.created_at >= ${since}
      UNION SELECT s.subject_id FROM multiple_sale_reports r JOIN detection_subjects s ON s.person_record_id = r.buyer_record_id WHERE r.created_at >= ${since}
      UNION SELECT s.subject_id FROM trace_requests t JOIN detection_subjects s ON s.person_record_id = t.buyer_record_id
        WHERE t.created_at >= ${since} OR t.completed_at >= ${since}
      UNION SELECT s.subject_id FROM sales x JOIN detection_subjects s ON s.person_record_id = x.buyer_record_id WHERE x.created_at >= ${since}
      UNION SELECT s.subject_id FROM dealer_tips tp JOIN detection_subjects s ON s.person_record_id = tp.person_record_id WHERE tp.created_at >= ${since}
    ) x WHERE subject_id IS NOT NULL`.execute(tx);
}

async function expandScopeByLinks(tx: Tx, maxGroup: number): Promise<void> {
  await sql`
    INSERT INTO det_scope
    SELECT DISTINCT unnest(subjects) FROM (${linkGroupsQuery(maxGroup, true)}) g
    ON CONFLICT DO NOTHING`.execute(tx);
}

async function loadLinks(tx: Tx, cfg: DetectionConfig, scoped: boolean): Promise<Map<number, SubjectLink[]>> {
  const r = await linkGroupsQuery(cfg.windows.linkMaxGroup, scoped).execute(tx);
  const out = new Map<number, SubjectLink[]>();
  for (const g of r.rows as LinkGroupRow[]) {
    for (const a of g.subjects) {
      for (const b of g.subjects) {
        if (a === b) continue;
        const list = out.get(a) ?? [];
        list.push({ other: b, kind: g.kind as SubjectLink['kind'], value: g.value });
        out.set(a, list);
      }
    }
  }
  return out;
}

function toRow(subject: number, s: PersonScore, counts: Record<string, number>): repo.PersonScoreRow {
  const d = (x: number | null) => (x === null ? null : fromDayNumber(x));
  return {
    subject_id: subject,
    score: s.score,
    level: s.level,
    flagged: s.flagged,
    flagged_on: d(s.flaggedOnDay),
    first_seen_on: d(s.firstSeenDay),
    last_seen_on: d(s.lastSeenDay),
    guns_known: s.gunsKnown,
    guns_before_flag: s.gunsBeforeFlag,
    reasons: s.indicators,
    features: { ...counts, headline: headline(s) },
  };
}

async function detectIn(tx: Tx, runId: number, opts: RunOptions, cfg: DetectionConfig): Promise<RunSummary> {
  const timings: Record<string, number> = {};
  let t = Date.now();
  const lap = (name: string) => {
    const now = Date.now();
    timings[name] = now - t;
    t = now;
    opts.onProgress?.({ phase: name });
  };

  // The feature queries are read to the end through cursors: plan them for the whole result, not the first rows.
  await sql`SET LOCAL cursor_tuple_fraction = 1.0`.execute(tx);
  // Sorts and hashes over a million rows stay in memory rather than spilling to disk.
  await sql`SET LOCAL work_mem = '128MB'`.execute(tx);
  // The planner's row estimates for the feature queries are far too high (the incident groups), which switched on
  // JIT compilation: measured 10 of 12.5 s of the trace query on border-baseline scale 1. The queries are hash
  // joins and sorts that gain nothing from it.
  await sql`SET LOCAL jit = off`.execute(tx);
  // Only an incremental run builds its scope from the changed records (det_changed).
  const subjects = await refreshSubjects(tx, { keepChanged: opts.mode === 'incremental' });
  lap('subjects');

  let scoped = false;
  // An incremental run with nothing new has no one to rescore: it skips the reads over everyone (the shared
  // attributes and the pairs take seconds each at the benchmark's volume).
  let nobody = false;
  if (opts.mode === 'incremental') {
    const last = await repo.lastCompletedRun(tx);
    if (last) {
      await buildScope(tx, new Date(last.started_at));
      scoped = true;
      nobody = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM det_scope`.execute(tx)).rows[0].n === 0;
      if (!nobody) await expandScopeByLinks(tx, cfg.windows.linkMaxGroup);
    }
  }
  await sql`DROP TABLE IF EXISTS det_changed`.execute(tx);
  lap('scope');

  // Before anything reads the scope: a rescored buyer's co-purchase and Mexico-trace partners are rescored too.
  const guns = new GunClassifier();
  let coPurchases = new Map<number, CoPurchaseEvent[]>();
  let travelPairs = new Map<number, TravelPairEvent[]>();
  if (!nobody) {
    const staged = await stageFavoured(tx, guns);
    if (staged) coPurchases = await coPurchasesFromStaged(tx, cfg, guns);
    travelPairs = await travelPairEvents(tx, cfg, staged);
    if (staged) await dropFavoured(tx);
  }
  const mexicoPairs = nobody ? new Map<number, MexicoPairEvent[]>() : await mexicoPairEvents(tx, cfg);
  if (scoped && !nobody) {
    await addPartnersToScope(tx, coPurchases);
    await addPartnersToScope(tx, mexicoPairs);
    await addPartnersToScope(tx, travelPairs);
    await expandScopeByLinks(tx, cfg.windows.linkMaxGroup);
  }
  lap('pairs');

  const findings = opts.findings ? await opts.findings(tx, scoped, runId) : new Map<number, FindingEvent[]>();
  let findingCount = 0;
  for (const f of findings.values()) findingCount += f.length;
  lap('compliance');

  const calendars = await repo.dealerCalendars(tx);
  const bdays: BusinessDayCounter = makeBusinessDayCounter(calendars);
  const links = nobody ? new Map<number, SubjectLink[]>() : await loadLinks(tx, cfg, scoped);
  lap('links');

  // Pass 1: each subject on its own indicators.
  const reports = new CursorReader<ReportRow>(tx, 'det_reports', reportsQuery(scoped));
  const traces = new CursorReader<TraceRow>(tx, 'det_traces', tracesQuery(scoped));
  const tips = new CursorReader<TipRow>(tx, 'det_tips', tipsQuery(scoped));
  const results = new Map<number, { score: PersonScore; counts: Record<string, number> }>();
  let scored = 0;
  for await (const [subject, events] of subjectsInOrder(reports, traces, tips, guns)) {
    const f = findings.get(subject);
    const co = coPurchases.get(subject);
    const mx = mexicoPairs.get(subject);
    const tp = travelPairs.get(subject);
    const all: SubjectEvent[] = f || co || mx || tp ? [...events, ...(f ?? []), ...(co ?? []), ...(mx ?? []), ...(tp ?? [])] : events;
    const score = scorePerson(all, cfg, bdays, { keepEvents: links.has(subject) });
    scored++;
    if (scored % 20_000 === 0) opts.onProgress?.({ phase: 'scoring', done: scored });
    if (score.score > 0 || links.has(subject)) {
      const counts = { reports: 0, traces: 0, tips: 0, findings: f?.length ?? 0 };
      for (const e of events) if (e.kind === 'report') counts.reports++; else if (e.kind === 'trace') counts.traces++; else if (e.kind === 'tip') counts.tips++;
      results.set(subject, { score, counts });
    }
  }
  await Promise.all([reports.close(), traces.close(), tips.close()]);
  lap('score_people');

  // Pass 2: shared address, phone, payer or vehicle with a flagged person.
  const flagDay = new Map<number, number>();
  for (const [s, r] of results) if (r.score.flagged && r.score.flaggedOnDay !== null) flagDay.set(s, r.score.flaggedOnDay);
  if (scoped) {
    const outside = [...new Set([...links.values()].flatMap((ls) => ls.map((l) => l.other)))].filter((o) => !results.has(o));
    for (const [s, d] of await repo.currentFlags(tx, outside)) flagDay.set(s, d);
  }
  const wanted = new Set<number>();
  for (const [s, ls] of links) if (results.has(s)) for (const l of ls) if (flagDay.has(l.other)) wanted.add(l.other);
  const names = await repo.subjectNames(tx, [...wanted]);
  for (const [s, ls] of links) {
    const r = results.get(s);
    if (!r) continue;
    const own = r.score.firstSeenDay ?? 0;
    const toSuspects: LinkToSuspect[] = ls
      .filter((l) => flagDay.has(l.other))
      .map((l) => ({ ...l, day: Math.max(flagDay.get(l.other)!, own), otherName: names.get(l.other) ?? `person ${l.other}` }));
    if (toSuspects.length) r.score = applySuspectLinks(r.score, toSuspects, cfg, bdays);
    r.score.events = undefined;
  }
  lap('links_pass');

  // Store the scores.
  await repo.retirePersonScores(tx, runId, scoped);
  const rows: repo.PersonScoreRow[] = [];
  let flagged = 0;
  for (const [s, r] of results) {
    if (r.score.score <= 0) continue;
    if (r.score.flagged) flagged++;
    rows.push(toRow(s, r.score, r.counts));
  }
  results.clear();
  await repo.insertPersonScores(tx, runId, rows);
  lap('store_people');

  // Dealers, judged against their volume.
  const facts = await repo.dealerFacts(tx);
  const rates = overallRates(facts);
  const dealerRows: repo.DealerScoreRow[] = facts.map((f) => {
    const d = scoreDealer(f, rates, cfg);
    return {
      dealer_id: f.dealerId, score: d.score, level: d.level, volume: f.volume, traces: f.traces, short_ttc: f.shortTtc3y,
      expected_short_ttc: d.expectedShortTtc, rate_ratio: d.rateRatio, reasons: d.reasons,
      features: { ...f, rates },
    };
  });
  await repo.retireDealerScores(tx, runId);
  await repo.insertDealerScores(tx, runId, dealerRows);
  lap('dealers');

  const alertsRaised = opts.alerts === false ? 0 : await raisePersonAlerts(tx, runId, cfg, opts.actor);
  lap('alerts');
  await repo.pruneOldScores(tx);
  await sql`DROP TABLE IF EXISTS det_scope`.execute(tx);
  lap('prune');

  return {
    runId, mode: opts.mode, scoped, personRecords: subjects.records, subjectsChanged: subjects.changed,
    subjectsScored: scored, scoresStored: rows.length, flagged, alertsRaised, dealersScored: dealerRows.length,
    dealersHigh: dealerRows.filter((d) => d.level === 'high').length, findings: findingCount, timingsMs: timings,
  };
}

/** One alert per person per threshold crossing (dedupe key), carrying the reasons and their evidence. */
async function raisePersonAlerts(tx: Tx, runId: number, cfg: DetectionConfig, actor: Actor): Promise<number> {
  const rows = await sql<{ subject_id: number; display_name: string | null; score: number; reasons: unknown; flagged_on: string | null; dob: string | null }>`
    SELECT p.subject_id, p.display_name, p.score, p.reasons, p.flagged_on, p.dob
    FROM person_risk_scores p
    WHERE p.run_id = ${runId} AND p.flagged
      AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.dedupe_key = 'risk:person:' || p.subject_id || ':t' || ${String(cfg.threshold)})
    ORDER BY p.score DESC`.execute(tx);
  const pairs: Array<[number, number]> = [];
  let raised = 0;
  if (rows.rows.length === 0) return 0;
  // Who hears of it: the case of an open investigation the person is already a subject of; otherwise the
  // supervisors of the national tracing center (the agency of kind 'atf'), so that no alert is orphaned.
  const cases = await sql<{ subject_id: number; case_id: number }>`
    SELECT DISTINCT ON (s.subject_id) s.subject_id, cs.case_id
    FROM case_subjects cs JOIN cases c ON c.id = cs.case_id AND c.status = 'open'
    JOIN detection_subjects s ON s.person_record_id = cs.person_record_id
    WHERE s.subject_id = ANY (${rows.rows.map((r) => r.subject_id)}::bigint[])
    ORDER BY s.subject_id, c.opened_on DESC`.execute(tx);
  const caseOf = new Map(cases.rows.map((c) => [c.subject_id, c.case_id]));
  const national = await tx.selectFrom('agencies').select('id').where('kind', '=', 'atf').orderBy('id').limit(1).executeTakeFirst();
  for (const r of rows.rows) {
    const reasons = (r.reasons as PersonScore['indicators']).map((i) => ({ code: i.code, text: i.text, evidence: i.evidence, weight: i.points }));
    const a = await raiseAlert(tx, actor, {
      kind: 'risk_threshold',
      title: `Possible straw purchasing: ${r.display_name ?? `person ${r.subject_id}`}${r.dob ? ` (born ${r.dob})` : ''}, risk ${Math.round(r.score)}`,
      severity: r.score >= 2 * cfg.threshold ? 'high' : 'normal',
      subjectRef: `person:${r.subject_id}`,
      caseId: caseOf.get(r.subject_id) ?? null,
      agencyId: caseOf.has(r.subject_id) ? null : national?.id ?? null,
      score: r.score,
      reasons,
      dedupeKey: `risk:person:${r.subject_id}:t${cfg.threshold}`,
    });
    pairs.push([r.subject_id, a.id]);
    if (a.created) raised++;
  }
  await repo.setAlertIds(tx, runId, pairs);
  return raised;
}
