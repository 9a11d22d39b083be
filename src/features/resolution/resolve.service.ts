/**
 * `resolve`: entity resolution over the database. Reads every person record (every role and source) in pages, maps
 * each to the engine's PersonInput, runs the engine, and writes persons, links with their reasons, and the review
 * queue, keeping person ids stable across runs and honouring every analyst's answer.
 *
 * Full run: trains the model (EM, no labels) and scores everything. Incremental run: the new records (those no run
 * has linked) are resolved against the existing persons with the last run's model, through the engine's add():
 * - warm: this process still holds the linker of the latest run; only the new records' blocks are scored;
 * - cold: the linker is rebuilt from the stored model (no training): the linked records' blocks are scored again,
 *   then add() as above. The engine has no way to load a stored partition without scoring it (see docs/adr/0004).
 * Either way only what changed is written: links of the persons that gained or lost records, and the review queue.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict } from '../../server/errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { Linker, type LinkResult } from './engine/linker.js';
import type { ModelJson } from './engine/model.js';
import type { PersonInput } from './engine/types.js';
import { hasIdentity, toPersonInput } from './mapping.js';
import { compactReason, explainPerson, pairKey, type RecordLink } from './reasons.js';
import { resolutionRepository as repo, type RecordSet, type RunMode, type RunParams } from './resolution.repository.js';

export interface ResolveProgress {
  phase: 'loading' | 'engine' | 'explaining' | 'review' | 'writing' | 'done';
  done?: number;
  total?: number;
  message?: string;
}

export interface ResolveOptions {
  mode: RunMode;
  trigger: string;
  importBatchId?: number | null;
  actor: Actor;
  threshold?: number;
  reviewBand?: [number, number];
  seed?: number;
  reviewLimit?: number;
  pageSize?: number;
  onProgress?: (p: ResolveProgress) => void;
}

export interface ResolveSummary {
  runId: number | null;
  mode: RunMode;
  /** How the engine was set up: trained from scratch, the linker held in memory, or rebuilt from the stored model. */
  path: 'full' | 'warm' | 'cold' | 'noop';
  basedOn: number | null;
  records: number;
  newRecords: number;
  persons: number;
  recordsChanged: number;
  linksWritten: number;
  personsTouched: number;
  personsRetired: number;
  reviewPending: number;
  reviewAdded: number;
  reviewRemoved: number;
  candidatePairs: number;
  linksAboveThreshold: number;
  conflicts: { a: string; b: string; reason: string }[];
  timingsMs: Record<string, number>;
}

/** Another run holds the lock; the caller may retry later (the next run picks up whatever this one would have). */
export class ResolutionBusyError extends Error {}

const RESOLUTION_LOCK = 727_004;
const DEFAULTS = { threshold: 0.5, reviewBand: [0.1, 0.9] as [number, number], seed: 42, reviewLimit: 10_000 };
/** A run still marked running after this long was abandoned by a process that stopped. */
const STALE_MINUTES = 360;

interface Warm {
  runId: number;
  linker: Linker;
  decisionsUpTo: number;
}
// The linker of the latest run, per database handle, so that incremental runs in a long-lived process (the server's
// job runner, the importer) score only the new records. Checked against the database before use.
const warmLinkers = new WeakMap<object, Warm>();

/** Forgets the linker kept in memory for this database (tests; or to free memory). */
export function forgetWarmLinker(db: Kysely<DB>): void {
  warmLinkers.delete(db);
}

async function loadRecords(db: Kysely<DB>, set: RecordSet, pageSize: number, onPage: (n: number) => void): Promise<{ inputs: PersonInput[]; skipped: number[] }> {
  const inputs: PersonInput[] = [];
  const skipped: number[] = [];
  let after = 0;
  for (;;) {
    const rows = await repo.recordPage(db, set, after, pageSize);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    // Attributes are read only for records whose own columns lack a residence or phone.
    const need = rows.filter((r) => (!r.street_raw && !r.city) || !r.phone || !r.email).map((r) => r.id);
    const attrs = await repo.attributesOf(db, need);
    const byRecord = new Map<number, typeof attrs>();
    for (const a of attrs) (byRecord.get(a.person_record_id) ?? byRecord.set(a.person_record_id, []).get(a.person_record_id)!).push(a);
    for (const r of rows) {
      if (!hasIdentity(r)) skipped.push(r.id);
      else inputs.push(toPersonInput(r, byRecord.get(r.id)));
    }
    onPage(inputs.length + skipped.length);
    if (rows.length < pageSize) break;
  }
  return { inputs, skipped };
}

function paramsOf(o: ResolveOptions, base: RunParams | null): RunParams {
  const from = base ?? DEFAULTS;
  return {
    threshold: o.threshold ?? from.threshold,
    reviewBand: o.reviewBand ?? from.reviewBand,
    seed: o.seed ?? from.seed,
    reviewLimit: o.reviewLimit ?? from.reviewLimit ?? DEFAULTS.reviewLimit,
  };
}

export async function runResolution(db: Kysely<DB>, o: ResolveOptions): Promise<ResolveSummary> {
  const progress = o.onProgress ?? (() => undefined);
  const pageSize = o.pageSize ?? 10_000;
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = (timings[name] ?? 0) + Math.round(now - t0);
    t0 = now;
  };

  const base = await repo.latestCompletedRun(db);
  const baseParams = base ? (base.params as unknown as RunParams) : null;
  const mode: RunMode = o.mode === 'incremental' && base?.model ? 'incremental' : 'full';
  const params = paramsOf(o, mode === 'incremental' ? baseParams : null);
  const { constraints, upTo } = await repo.constraints(db);
  params.decisionsUpTo = upTo;

  if (mode === 'incremental') {
    const unlinked = await repo.countUnlinked(db);
    const purged = await countLinkedWithoutIdentity(db);
    if (unlinked === 0 && purged === 0 && upTo === (baseParams?.decisionsUpTo ?? 0)) {
      progress({ phase: 'done', message: 'nothing new to resolve' });
      return emptySummary(mode, base?.id ?? null);
    }
  }

  const runId = await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${RESOLUTION_LOCK})`.execute(tx);
    await repo.failStaleRuns(tx, STALE_MINUTES);
    const running = await repo.runningRuns(tx);
    if (running.length > 0) throw new ResolutionBusyError(`resolution run ${running[0].id} is still running (started ${new Date(running[0].started_at).toISOString()})`);
    return repo.insertRun(tx, { mode, trigger: o.trigger, importBatchId: o.importBatchId ?? null, params, startedBy: o.actor.userId });
  });

  try {
    const previous = await repo.currentKeys(db);
    lap('read links');
    const log = (m: string): void => progress({ phase: 'engine', message: m });
    const linkerOpts = { threshold: params.threshold, reviewBand: params.reviewBand, seed: params.seed, log };
    let linker: Linker;
    let result: LinkResult | undefined;
    let path: ResolveSummary['path'];
    let newRecords = 0;
    if (mode === 'full') {
      const total = await repo.countRecords(db);
      const all = await loadRecords(db, 'all', pageSize, (done) => progress({ phase: 'loading', done, total }));
      newRecords = all.inputs.filter((r) => !previous.has(r.id)).length;
      lap('load');
      linker = new Linker(linkerOpts);
      result = linker.resolve(all.inputs, { constraints, previous });
      path = 'full';
      lap('engine');
    } else {
      const warm = warmLinkers.get(db);
      const linkedWithIdentity = previous.size - (await countLinkedWithoutIdentity(db));
      if (warm && warm.runId === base!.id && warm.linker.store.n === linkedWithIdentity) {
        linker = warm.linker;
        path = 'warm';
      } else {
        const old = await loadRecords(db, 'linked', pageSize, (done) => progress({ phase: 'loading', done, total: previous.size }));
        lap('load');
        linker = new Linker({ ...linkerOpts, model: base!.model as unknown as ModelJson });
        result = linker.resolve(old.inputs, { constraints, previous });
        path = 'cold';
        lap('engine');
      }
      const fresh = await loadRecords(db, 'unlinked', pageSize, (done) => progress({ phase: 'loading', done }));
      newRecords = fresh.inputs.length;
      lap('load');
      if (fresh.inputs.length > 0 || path === 'warm') result = linker.add(fresh.inputs, { constraints });
      // Answers given since the held linker clustered are applied by clustering everything again (no re-training):
      // a rejection may split a person along any of its links, which add() alone would not revisit.
      if (path === 'warm' && result && upTo !== warm!.decisionsUpTo) {
        const r = result;
        result = linker.resolve([], { constraints, previous: new Map(r.recordIds.map((id, i) => [id, r.clusterIds[i]])) });
      }
      lap('engine');
    }
    if (!result) throw new Error('resolution produced no result');
    const written = await writeResult(db, {
      runId, baseId: base?.id ?? null, mode, params, linker, result, previous, constraints: new Set(constraints.filter((c) => c.decision === 'confirmed').map((c) => pairKey(c.a, c.b))),
      progress, lap, actor: o.actor, path,
    });
    warmLinkers.set(db, { runId, linker, decisionsUpTo: upTo });
    const st = result.stats;
    const summary: ResolveSummary = {
      runId, mode, path, basedOn: base?.id ?? null, records: st.records, newRecords, persons: st.clusters, ...written,
      candidatePairs: st.candidatePairs, linksAboveThreshold: st.linksAboveThreshold, conflicts: st.conflicts,
      timingsMs: { ...timings, ...Object.fromEntries(Object.entries(st.timingsMs).map(([k, v]) => [`engine.${k}`, v])) },
    };
    await db.updateTable('resolution_runs').set({ stats: JSON.stringify(summary) }).where('id', '=', runId).execute();
    progress({ phase: 'done', message: `${summary.records} records -> ${summary.persons} persons` });
    return summary;
  } catch (err) {
    warmLinkers.delete(db);
    await repo.finishRun(db, runId, { status: 'failed', error: (err as Error).message });
    throw err;
  }
}

async function countLinkedWithoutIdentity(db: Kysely<DB>): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM person_links l JOIN person_records r ON r.id = l.person_record_id
    WHERE coalesce(r.given_name, r.surname, r.maternal_surname, r.full_name, r.id_number) IS NULL AND r.dob IS NULL`.execute(db);
  return r.rows[0].n;
}

function emptySummary(mode: RunMode, basedOn: number | null): ResolveSummary {
  return {
    runId: null, mode, path: 'noop', basedOn, records: 0, newRecords: 0, persons: 0, recordsChanged: 0, linksWritten: 0, personsTouched: 0,
    personsRetired: 0, reviewPending: 0, reviewAdded: 0, reviewRemoved: 0, candidatePairs: 0, linksAboveThreshold: 0, conflicts: [], timingsMs: {},
  };
}

interface WriteInput {
  runId: number;
  baseId: number | null;
  mode: RunMode;
  params: RunParams;
  linker: Linker;
  result: LinkResult;
  previous: Map<string, string>;
  constraints: Set<string>;
  progress: (p: ResolveProgress) => void;
  lap: (name: string) => void;
  actor: Actor;
  path: ResolveSummary['path'];
}

type Written = Pick<ResolveSummary, 'recordsChanged' | 'linksWritten' | 'personsTouched' | 'personsRetired' | 'reviewPending' | 'reviewAdded' | 'reviewRemoved'>;

async function writeResult(db: Kysely<DB>, w: WriteInput): Promise<Written> {
  const { result, previous, linker, progress, lap } = w;
  const n = result.recordIds.length;
  const keyOf = new Map<string, string>();
  const members = new Map<string, string[]>();
  for (let i = 0; i < n; i++) {
    const id = result.recordIds[i];
    const key = result.clusterIds[i];
    keyOf.set(id, key);
    const m = members.get(key);
    if (m) m.push(id);
    else members.set(key, [id]);
  }
  // What changed: records that are new or moved, and records that left (purged, no longer naming anyone).
  const changed: string[] = [];
  for (const id of result.recordIds) if (previous.get(id) !== keyOf.get(id)) changed.push(id);
  const removed: number[] = [];
  for (const id of previous.keys()) if (!keyOf.has(id)) removed.push(Number(id));
  const lostKeys = new Set<string>();
  for (const id of changed) {
    const k = previous.get(id);
    if (k !== undefined) lostKeys.add(k);
  }
  for (const id of removed) lostKeys.add(previous.get(String(id))!);
  let affected: string[];
  if (w.mode === 'full') affected = [...members.keys()];
  else {
    const set = new Set<string>();
    for (const id of changed) set.add(keyOf.get(id)!);
    // Persons that lost a record need their tree again: it may have run through the record that left.
    for (const [id, k] of previous) if (lostKeys.has(k) && keyOf.has(id)) set.add(keyOf.get(id)!);
    affected = [...set];
  }
  lap('diff');

  const links: RecordLink[] = [];
  let done = 0;
  for (const key of affected) {
    for (const l of explainPerson(linker, members.get(key)!, { threshold: w.params.threshold, confirmed: w.constraints })) links.push(l);
    if (++done % 5000 === 0) progress({ phase: 'explaining', done, total: affected.length });
  }
  progress({ phase: 'explaining', done, total: affected.length });
  lap('explain');

  // The review queue: the engine's uncertain pairs, most uncertain first, up to the limit.
  const wanted = result.review.slice(0, w.params.reviewLimit);
  const pending = await repo.pendingReview(db);
  const pendingByPair = new Map(pending.map((p) => [`${p.record_a_id}:${p.record_b_id}`, p]));
  const keep = new Set<string>();
  const toInsert: Array<{ a: number; b: number; probability: number; matchWeight: number; joined: boolean; explanation: string }> = [];
  const toUpdate: Array<{ id: number; probability: number; joined: boolean }> = [];
  for (const r of wanted) {
    const [a, b] = Number(r.a) < Number(r.b) ? [Number(r.a), Number(r.b)] : [Number(r.b), Number(r.a)];
    const k = `${a}:${b}`;
    if (keep.has(k)) continue;
    keep.add(k);
    const joined = keyOf.get(r.a) === keyOf.get(r.b);
    const held = pendingByPair.get(k);
    if (held) {
      if (Math.abs(held.probability - r.probability) > 1e-4 || held.joined !== joined) toUpdate.push({ id: held.id, probability: r.probability, joined });
    } else {
      toInsert.push({ a, b, probability: r.probability, matchWeight: r.matchWeight, joined, explanation: JSON.stringify(compactReason(linker.explain(r.a, r.b))) });
    }
  }
  const toDelete = pending.filter((p) => !keep.has(`${p.record_a_id}:${p.record_b_id}`)).map((p) => p.id);
  progress({ phase: 'review', done: wanted.length, total: result.review.length });
  lap('review');

  const oldPersonKeys = [...lostKeys];
  const out = await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${RESOLUTION_LOCK})`.execute(tx);
    const latest = await repo.latestCompletedRun(tx);
    if ((latest?.id ?? null) !== w.baseId) throw conflict(`resolution run ${latest?.id} completed while this one ran; run again`);
    progress({ phase: 'writing', done: 0, total: links.length });
    const ids = await repo.upsertPersons(tx, affected, w.runId);
    const rows = links.map((l) => ({ ...l, personId: ids.get(keyOf.get(l.recordId)!)! }));
    await repo.writeLinks(tx, w.runId, rows);
    await repo.deleteLinks(tx, removed);
    progress({ phase: 'writing', done: links.length, total: links.length });
    await repo.refreshPersons(tx, [...ids.values()], w.runId);
    const retired = await repo.retireEmpty(tx, await repo.personIdsOfKeys(tx, oldPersonKeys), w.runId);
    await repo.deleteReviewItems(tx, toDelete);
    await repo.insertReviewItems(tx, w.runId, toInsert);
    await repo.updateReviewItems(tx, w.runId, toUpdate);
    const written: Written = {
      recordsChanged: changed.length + removed.length, linksWritten: rows.length, personsTouched: affected.length, personsRetired: retired,
      reviewPending: keep.size, reviewAdded: toInsert.length, reviewRemoved: toDelete.length,
    };
    await repo.finishRun(tx, w.runId, { status: 'completed', model: linker.model, params: w.params });
    await recordAudit(tx, w.actor, {
      action: 'resolution.run', targetType: 'resolution_run', targetId: w.runId,
      details: { mode: w.mode, path: w.path, records: n, persons: members.size, ...written },
    });
    return written;
  });
  lap('write');
  return out;
}
