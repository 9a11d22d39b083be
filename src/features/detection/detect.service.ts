/**
 * A detection run: refresh who is who, gather features with set-based SQL, score every subject in TS as the rows
 * stream past (two passes: own indicators, then links to flagged people), score dealers against their volume,
 * store it all under a run id, and raise an alert for every person who crosses the threshold.
 *
 * Full runs rescore everyone. Incremental runs (after an import, or on a schedule) rescore only the subjects with
 * something new since the last completed run, and their linked neighbours.
 *
 * On PostgreSQL a full run works on two connections (`concurrentReads`): the subjects are committed first, then a
 * read-only transaction sorts the report, trace and tip features while the run's own transaction finds the pairs,
 * the compliance findings and the links; and scores are stored, and dealers' volumes counted, while people are
 * still being scored. ADR 0014 says why and what it costs.
 */
import { sql, type Kysely } from 'kysely';
import { fromDayNumber } from '../../domain/dates.js';
import type { DB } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import type { Actor } from '../audit/audit.service.js';
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
import { reportsQuery, tipsQuery, tracesQuery, type ReportRow, type TipRow, type TraceRow } from './features.repository.js';
import { raisePersonAlerts } from './person-alerts.js';
import { applySuspectLinks, headline, scorePerson, type LinkToSuspect, type PersonScore } from './risk.js';
import { ScoreWriter } from './score-writer.js';
import { buildScope, expandScopeByLinks, loadLinks } from './scope.js';
import { refreshSubjects, type SubjectRefresh } from './subjects.js';

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
  /**
   * A full run may read features on a second connection while the first works (PostgreSQL; PGlite has a single
   * connection, where two open transactions would wait on each other). Default false.
   */
  concurrentReads?: boolean;
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

/** Serialises detection runs: two at once would both rewrite the subjects and retire each other's scores. */
export const DETECTION_LOCK = 80_301;

export async function runDetection(db: Kysely<DB>, opts: RunOptions): Promise<RunSummary> {
  const cfg = opts.config ?? DEFAULT_CONFIG;
  const runId = await repo.startRun(db, { mode: opts.mode, trigger: opts.trigger, importBatchId: opts.importBatchId ?? null, params: cfg });
  try {
    const summary = opts.mode === 'full' && opts.concurrentReads
      ? await concurrentFullRun(db, runId, opts, cfg)
      : await db.transaction().execute((tx) => detectIn(tx, runId, opts, cfg, {}));
    await repo.finishRun(db, runId, summary);
    return summary;
  } catch (err) {
    await repo.failRun(db, runId, (err as Error).message);
    throw err;
  }
}

async function prepareSession(tx: Tx): Promise<void> {
  // The feature queries are read to the end through cursors: plan them for the whole result, not the first rows.
  await sql`SET LOCAL cursor_tuple_fraction = 1.0`.execute(tx);
  // Sorts and hashes over a million rows stay in memory rather than spilling to disk.
  await sql`SET LOCAL work_mem = '128MB'`.execute(tx);
  // The planner's row estimates for the feature queries are far too high (the incident groups), which switched on
  // JIT compilation: measured 10 of 12.5 s of the trace query on border-baseline scale 1. The queries are hash
  // joins and sorts that gain nothing from it.
  await sql`SET LOCAL jit = off`.execute(tx);
}

/**
 * The subjects in a transaction of their own, committed, so that a second connection can read the features by
 * them; then the run proper with a read-only snapshot on that connection. Should the run fail after the subjects
 * committed, the next incremental run rescores everyone (repo.failedSince), since it cannot tell whose
 * subject changed.
 */
async function concurrentFullRun(db: Kysely<DB>, runId: number, opts: RunOptions, cfg: DetectionConfig): Promise<RunSummary> {
  const t0 = Date.now();
  const subjects = await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${DETECTION_LOCK})`.execute(tx);
    await prepareSession(tx);
    return refreshSubjects(tx, { keepChanged: false });
  });
  const subjectsMs = Date.now() - t0;
  opts.onProgress?.({ phase: 'subjects' });
  const reader = await db.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute();
  try {
    await prepareSession(reader);
    return await db.transaction().execute((tx) => detectIn(tx, runId, opts, cfg, { subjects, subjectsMs, reader }));
  } finally {
    await reader.rollback().execute();
  }
}

interface Prepared {
  /** The subjects, already refreshed and committed (concurrent full runs). */
  subjects?: SubjectRefresh;
  subjectsMs?: number;
  /** Where the feature cursors run: another connection's snapshot, or else the run's own transaction. */
  reader?: Tx;
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

interface Scored {
  score: PersonScore;
  counts: Record<string, number>;
}

async function detectIn(tx: Tx, runId: number, opts: RunOptions, cfg: DetectionConfig, pre: Prepared): Promise<RunSummary> {
  const timings: Record<string, number> = {};
  let t = Date.now();
  const lap = (name: string) => {
    const now = Date.now();
    timings[name] = now - t;
    t = now;
    opts.onProgress?.({ phase: name });
  };

  await sql`SELECT pg_advisory_xact_lock(${DETECTION_LOCK})`.execute(tx);
  await prepareSession(tx);
  // Only an incremental run builds its scope from the changed records (det_changed).
  const subjects = pre.subjects ?? (await refreshSubjects(tx, { keepChanged: opts.mode === 'incremental' }));
  if (pre.subjectsMs !== undefined) timings.subjects = pre.subjectsMs;
  else lap('subjects');

  let scoped = false;
  // An incremental run with nothing new has no one to rescore: it skips the reads over everyone (the shared
  // attributes and the pairs take seconds each at the benchmark's volume).
  let nobody = false;
  if (opts.mode === 'incremental') {
    const last = await repo.lastCompletedRun(tx);
    if (last && !(await repo.failedSince(tx, last.id, runId))) {
      await buildScope(tx, new Date(last.started_at));
      scoped = true;
      nobody = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM det_scope`.execute(tx)).rows[0].n === 0;
      if (!nobody) await expandScopeByLinks(tx, cfg.windows.linkMaxGroup);
    }
  }
  await sql`DROP TABLE IF EXISTS det_changed`.execute(tx);
  lap('scope');

  // The feature cursors are opened first: on a reader connection their sorts run while this one finds the pairs,
  // findings and links. (An incremental run's scope is a temp table of this transaction: it never has a reader.)
  const reader = pre.reader ?? tx;
  const reports = new CursorReader<ReportRow>(reader, 'det_reports', reportsQuery(scoped));
  const traces = new CursorReader<TraceRow>(reader, 'det_traces', tracesQuery(scoped));
  const tips = new CursorReader<TipRow>(reader, 'det_tips', tipsQuery(scoped));
  const featuresReady = pre.reader ? Promise.all([reports.peek(), traces.peek(), tips.peek()]) : null;
  // A failure surfaces where it is awaited, below.
  featuresReady?.catch(() => undefined);

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
  if (featuresReady) {
    await featuresReady;
    lap('features');
  }

  // While people are scored this connection counts the dealers' volumes, then stores scores as they come. (The
  // retirement is awaited first: queued behind the volumes it would hold scoring back for as long as they take.)
  await repo.retirePersonScores(tx, runId, scoped);
  const dealerFactsRead = nobody ? Promise.resolve([]) : repo.dealerFacts(tx);
  dealerFactsRead.catch(() => undefined);
  const writer = new ScoreWriter(tx, runId);
  let flagged = 0;
  const store = (subject: number, r: Scored) => {
    if (r.score.score <= 0) return;
    if (r.score.flagged) flagged++;
    writer.add(toRow(subject, r.score, r.counts));
  };

  // Pass 1: each subject on its own indicators. A subject without links is final here and is stored at once; the
  // linked ones wait for pass 2.
  const linked = new Map<number, Scored>();
  const flagDay = new Map<number, number>();
  let scored = 0;
  // With no one in scope the cursors are never opened: their queries join the scope last, after the work over all.
  const stream: AsyncIterable<[number, SubjectEvent[]]> | Iterable<[number, SubjectEvent[]]> = nobody ? [] : subjectsInOrder(reports, traces, tips, guns);
  for await (const [subject, events] of stream) {
    const f = findings.get(subject);
    const co = coPurchases.get(subject);
    const mx = mexicoPairs.get(subject);
    const tp = travelPairs.get(subject);
    const all: SubjectEvent[] = f || co || mx || tp ? [...events, ...(f ?? []), ...(co ?? []), ...(mx ?? []), ...(tp ?? [])] : events;
    const isLinked = links.has(subject);
    const score = scorePerson(all, cfg, bdays, { keepEvents: isLinked });
    scored++;
    if (scored % 20_000 === 0) opts.onProgress?.({ phase: 'scoring', done: scored });
    if (score.flagged && score.flaggedOnDay !== null) flagDay.set(subject, score.flaggedOnDay);
    if (score.score <= 0 && !isLinked) continue;
    const counts = { reports: 0, traces: 0, tips: 0, findings: f?.length ?? 0 };
    for (const e of events) if (e.kind === 'report') counts.reports++; else if (e.kind === 'trace') counts.traces++; else if (e.kind === 'tip') counts.tips++;
    if (isLinked) linked.set(subject, { score, counts });
    else store(subject, { score, counts });
  }
  await Promise.all([reports.close(), traces.close(), tips.close()]);
  lap('score_people');

  // Pass 2: shared address, phone, payer or vehicle with a flagged person.
  if (scoped) {
    const outside = [...new Set([...links.values()].flatMap((ls) => ls.map((l) => l.other)))].filter((o) => !linked.has(o) && !flagDay.has(o));
    for (const [s, d] of await repo.currentFlags(tx, outside)) flagDay.set(s, d);
  }
  const wanted = new Set<number>();
  for (const [s, ls] of links) if (linked.has(s)) for (const l of ls) if (flagDay.has(l.other)) wanted.add(l.other);
  const names = await repo.subjectNames(tx, [...wanted]);
  for (const [s, ls] of links) {
    const r = linked.get(s);
    if (!r) continue;
    const own = r.score.firstSeenDay ?? 0;
    const toSuspects: LinkToSuspect[] = ls
      .filter((l) => flagDay.has(l.other))
      .map((l) => ({ ...l, day: Math.max(flagDay.get(l.other)!, own), otherName: names.get(l.other) ?? `person ${l.other}` }));
    if (toSuspects.length) r.score = applySuspectLinks(r.score, toSuspects, cfg, bdays);
    r.score.events = undefined;
  }
  lap('links_pass');

  for (const [s, r] of linked) store(s, r);
  linked.clear();
  await writer.finish();
  lap('store_people');

  // Dealers, judged against their volume (counted above) and their flagged buyers (now that the scores are stored).
  // With nothing new their scores cannot have changed, and the current ones stand.
  const facts = await dealerFactsRead;
  const flaggedAt = nobody ? new Map<number, number>() : await repo.flaggedBuyersByDealer(tx);
  for (const f of facts) f.flaggedBuyers = flaggedAt.get(f.dealerId) ?? 0;
  const rates = overallRates(facts);
  const dealerRows: repo.DealerScoreRow[] = facts.map((f) => {
    const d = scoreDealer(f, rates, cfg);
    return {
      dealer_id: f.dealerId, score: d.score, level: d.level, volume: f.volume, traces: f.traces, short_ttc: f.shortTtc3y,
      expected_short_ttc: d.expectedShortTtc, rate_ratio: d.rateRatio, reasons: d.reasons,
      features: { ...f, rates },
    };
  });
  if (!nobody) {
    await repo.retireDealerScores(tx, runId);
    await repo.insertDealerScores(tx, runId, dealerRows);
  }
  lap('dealers');

  const alertsRaised = opts.alerts === false ? 0 : await raisePersonAlerts(tx, runId, cfg, opts.actor);
  lap('alerts');
  await repo.pruneOldScores(tx);
  await sql`DROP TABLE IF EXISTS det_scope`.execute(tx);
  lap('prune');

  return {
    runId, mode: opts.mode, scoped, personRecords: subjects.records, subjectsChanged: subjects.changed,
    subjectsScored: scored, scoresStored: writer.count, flagged, alertsRaised, dealersScored: dealerRows.length,
    dealersHigh: dealerRows.filter((d) => d.level === 'high').length, findings: findingCount, timingsMs: timings,
  };
}
