// The file importer: prescan (hash, encoding, line length), header (refusal of retail sales, kind, columns), then
// rows read, validated and committed in batches. Each batch is one transaction that writes the rows, their rejects,
// the batch's counters and cursor (last_line_committed) and an audit event, so a killed import leaves whole batches
// and the same command resumes after the cursor. The batch is keyed by the file's SHA-256 and kind: the same file
// again adds nothing. With `strict`, the whole file is one transaction and any bad row rolls all of it back.
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type pg from 'pg';
import type { Database } from '../../db/connect.js';
import type { Tx } from '../../db/types.js';
import { FORMATS, checkHeader, detectKind, looksLikeRetailSales, type ImportFormat, type ImportKind } from '../../formats/index.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import {
  advanceBatch,
  createOrFindBatch,
  deleteRejectsAfter,
  finishBatch,
  getBatch,
  insertRejects,
  restartBatch,
  type BatchCounts,
  type BatchRecord,
  type RejectRecord,
} from './batches.repository.js';
import { isSimulatorTruthFile } from './discover.js';
import { readBatches, type ReadBatch } from './batcher.js';
import { readInWorker } from './read-in-worker.js';
import { DEFAULT_MAX_LINE_BYTES, prescanFile, type FileFormat, type Prescan } from './prescan.js';
import { FileProblem, describeRowError, type RowError } from './problems.js';
import { openRecords, type RecordSource } from './records.js';
import { rejectsFileName, writeRejectsFile } from './rejects-file.js';
import { openSession, inSession, type WriteSession } from './session.js';
import type { KindWriter } from './writer.js';
import { unsupportedMessage, writerFor } from './writers/registry.js';

export const DEFAULT_BATCH_SIZE = 2000;

export interface ImportOptions {
  path: string;
  /** The name recorded in the batch and in every row's source_ref; defaults to the file's base name. */
  fileName?: string;
  kind?: ImportKind;
  format?: FileFormat;
  strict?: boolean;
  /** Directory for `<file>.rejects.csv`; undefined: beside the file; null: no file (rejects stay in the database). */
  rejectsDir?: string | null;
  batchSize?: number;
  maxLineBytes?: number;
  /** Read, parse and validate in a worker thread; by default, for files of 2 MiB and more. */
  readInWorker?: boolean;
  actor: Actor;
  agencyId: number | null;
  source?: 'cli' | 'upload' | 'api' | 'demo';
  jobId?: number | null;
  onProgress?: (p: ImportProgress) => void | Promise<void>;
}

export interface ImportProgress {
  file: string;
  kind: ImportKind | null;
  phase: 'scanning' | 'importing' | 'finishing';
  linesTotal: number;
  linesDone: number;
  rowsOk: number;
  rowsRejected: number;
  rowsDuplicate: number;
  /** Records per second in this run. */
  rate: number;
  elapsedMs: number;
  /** Estimated time left, from the lines still to read. */
  etaMs: number | null;
}

export type ImportOutcome = 'completed' | 'already_imported' | 'failed' | 'refused';

export interface ImportSummary {
  file: string;
  path: string;
  kind: ImportKind | null;
  batchId: number | null;
  outcome: ImportOutcome;
  /** Totals of the batch (all runs, when resumed). */
  counts: BatchCounts;
  /** What this run added. */
  run: BatchCounts;
  resumedAfterLine: number;
  message: string;
  /** The first row errors, as "line 1043, buyer_dob: 1988-02-30 is not a date". */
  errors: string[];
  rejectsPath: string | null;
  elapsedMs: number;
}

const MAX_ERRORS_IN_SUMMARY = 20;
/** Records read between two turns of the event loop (reading on this thread while a batch is being written). */
const YIELD_EVERY = 100;
/** Files from this size up (2 MiB, some 6,000 rows) are read in a worker thread (read-worker.ts); starting one costs a few hundred ms. */
export const WORKER_MIN_BYTES = 2 * 1024 * 1024;
const ZERO: BatchCounts = { rowsTotal: 0, rowsOk: 0, rowsRejected: 0, rowsDuplicate: 0 };

/** Batches being imported by this process: a second import of the same file waits for nobody, it is refused. */
const ACTIVE = new Set<number>();
/** Advisory-lock class for "this batch is being imported" across processes (PostgreSQL). */
const BATCH_LOCK_CLASS = 727_100;

function addCounts(a: BatchCounts, b: BatchCounts): BatchCounts {
  return {
    rowsTotal: a.rowsTotal + b.rowsTotal,
    rowsOk: a.rowsOk + b.rowsOk,
    rowsRejected: a.rowsRejected + b.rowsRejected,
    rowsDuplicate: a.rowsDuplicate + b.rowsDuplicate,
  };
}

function countsOf(b: BatchRecord): BatchCounts {
  return { rowsTotal: b.rows_total, rowsOk: b.rows_ok, rowsRejected: b.rows_rejected, rowsDuplicate: b.rows_duplicate };
}

export async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) h.update(chunk);
  return h.digest('hex');
}

export async function importFile(database: Database, opts: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const fileName = opts.fileName ?? path.basename(opts.path);
  const strict = opts.strict ?? false;
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
  const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const db = database.db;
  const base = {
    file: fileName,
    path: opts.path,
    resumedAfterLine: 0,
    errors: [] as string[],
    rejectsPath: null as string | null,
  };
  const summary = (s: Pick<ImportSummary, 'kind' | 'batchId' | 'outcome' | 'message'> & Partial<ImportSummary>): ImportSummary => ({
    ...base,
    counts: ZERO,
    run: ZERO,
    elapsedMs: Date.now() - started,
    ...s,
  });

  // A file that cannot be taken at all is still recorded (when it can be identified), so that the attempt and its
  // reason show in the list of imports.
  const fail = async (problem: FileProblem, kind: ImportKind | null, scan: Prescan | null, existing?: BatchRecord): Promise<ImportSummary> => {
    const status = problem.code === 'retail_sales' || problem.code === 'simulator_truth' ? 'refused' : 'failed';
    let batchId: number | null = existing?.id ?? null;
    const sha = scan?.sha256 ?? (problem.code === 'not_found' ? null : await hashFile(opts.path));
    if (sha) {
      batchId = await db.transaction().execute(async (tx) => {
        const { batch, created } = await createOrFindBatch(tx, {
          kind: kind ?? 'unknown',
          fileName,
          sha256: sha,
          status,
          strict,
          format: scan?.format ?? null,
          bytes: scan?.bytes ?? null,
          linesTotal: scan?.lines ?? null,
          source: opts.source ?? 'cli',
          agencyId: opts.agencyId,
          jobId: opts.jobId ?? null,
          createdBy: opts.actor.userId,
          error: problem.message,
        });
        if (!created && batch.status !== 'completed') await finishBatch(tx, batch.id, status, { error: problem.message, counts: countsOf(batch) });
        await recordAudit(tx, opts.actor, {
          action: status === 'refused' ? 'import.refused' : 'import.failed',
          targetType: 'import_batch',
          targetId: batch.id,
          details: { file: fileName, kind, sha256: sha, code: problem.code, reason: problem.message },
        });
        return batch.id;
      });
    }
    return summary({ kind, batchId, outcome: status, message: `${fileName}: ${problem.message}` });
  };

  await opts.onProgress?.({
    file: fileName, kind: opts.kind ?? null, phase: 'scanning', linesTotal: 0, linesDone: 0, rowsOk: 0, rowsRejected: 0,
    rowsDuplicate: 0, rate: 0, elapsedMs: 0, etaMs: null,
  });
  // The simulator's ground truth is for measuring, never data: refused whole, whatever its name or --kind.
  if (await isSimulatorTruthFile(opts.path).catch(() => false)) {
    return fail(new FileProblem('simulator_truth', "this is the simulator's ground truth (truth.json or truth-records.ndjson), which is for measuring detection and entity resolution and is never imported; import the other files of the world's folder", 1), null, null);
  }
  let scan: Prescan;
  try {
    scan = await prescanFile(opts.path, { maxLineBytes, format: opts.format });
  } catch (err) {
    if (err instanceof FileProblem) return fail(err, opts.kind ?? null, null);
    throw err;
  }

  let source: RecordSource;
  try {
    source = await openRecords(opts.path, scan.format, { maxRecordBytes: maxLineBytes });
  } catch (err) {
    if (err instanceof FileProblem) return fail(err, opts.kind ?? null, scan);
    throw err;
  }

  let lockClient: pg.PoolClient | null = null;
  let batchId: number | null = null;
  try {
    // The law first: a file that looks like plain retail sales is refused whole, whatever --kind says.
    const retail = looksLikeRetailSales(source.columns);
    if (retail) return await fail(new FileProblem('retail_sales', retail.message, source.headerLine || 1), opts.kind ?? null, scan);

    const detected = detectKind(source.columns);
    const kind = opts.kind ?? detected;
    if (!kind) {
      const what = scan.format === 'csv' ? `the header (${source.columns.slice(0, 8).join(', ')}${source.columns.length > 8 ? ', ...' : ''})` : 'the first line';
      return await fail(
        new FileProblem('unknown_kind', `cannot tell which kind of records ${what} holds; name it with --kind (${Object.keys(FORMATS).join(', ')})`, source.headerLine || 1),
        null,
        scan,
      );
    }
    if (scan.format === 'csv') {
      const hc = checkHeader(kind, source.columns);
      if (hc.missing.length > 0 || hc.unknown.length > 0) {
        const parts: string[] = [];
        if (hc.missing.length > 0) parts.push(`lacks required column${hc.missing.length > 1 ? 's' : ''} ${hc.missing.join(', ')}`);
        if (hc.unknown.length > 0) parts.push(`has column${hc.unknown.length > 1 ? 's' : ''} the ${kind} format does not know: ${hc.unknown.join(', ')}`);
        const hint = opts.kind && detected && detected !== opts.kind ? ` (the header looks like ${detected}, not ${opts.kind})` : '';
        return await fail(
          new FileProblem('bad_header', `line ${source.headerLine}: the header ${parts.join(', and ')}${hint}. See docs/data-formats.md for the ${kind} columns.`, source.headerLine),
          kind,
          scan,
        );
      }
    }
    const writer = writerFor(kind);
    if (!writer) return await fail(new FileProblem('unsupported_kind', unsupportedMessage(kind)), kind, scan);

    const { batch, created } = await createOrFindBatch(db, {
      kind, fileName, sha256: scan.sha256, status: 'running', strict, format: scan.format, bytes: scan.bytes,
      linesTotal: scan.lines, source: opts.source ?? 'cli', agencyId: opts.agencyId, jobId: opts.jobId ?? null, createdBy: opts.actor.userId,
    });
    batchId = batch.id;
    if (!created && batch.status === 'completed') {
      return summary({
        kind, batchId: batch.id, outcome: 'already_imported', counts: countsOf(batch), rejectsPath: batch.rejects_path,
        message: `${fileName}: already imported (batch ${batch.id}, ${batch.finished_at ? new Date(batch.finished_at).toISOString().slice(0, 10) : 'earlier'}); nothing added`,
      });
    }
    if (!created && batch.status === 'refused') {
      return summary({ kind, batchId: batch.id, outcome: 'refused', message: `${fileName}: ${batch.error ?? 'refused'}` });
    }
    if (ACTIVE.has(batch.id)) {
      return summary({ kind, batchId: batch.id, outcome: 'failed', message: `${fileName}: this file is being imported right now (batch ${batch.id})` });
    }
    if (database.kind === 'postgres') {
      lockClient = await database.pool.connect();
      const got = await lockClient.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [BATCH_LOCK_CLASS, batch.id]);
      if (!got.rows[0].ok) {
        lockClient.release();
        lockClient = null;
        return summary({ kind, batchId: batch.id, outcome: 'failed', message: `${fileName}: another process is importing this file right now (batch ${batch.id})` });
      }
    }
    ACTIVE.add(batch.id);
    const resumeAfter = created ? 0 : batch.last_line_committed;
    base.resumedAfterLine = resumeAfter;
    await db.transaction().execute(async (tx) => {
      if (!created) {
        await restartBatch(tx, batch.id, { strict, fileName, source: opts.source ?? 'cli', jobId: opts.jobId ?? null, fromScratch: resumeAfter === 0 });
        await deleteRejectsAfter(tx, batch.id, resumeAfter);
      }
      await recordAudit(tx, opts.actor, {
        action: created ? 'import.started' : 'import.resumed',
        targetType: 'import_batch',
        targetId: batch.id,
        details: { file: fileName, kind, sha256: scan.sha256, strict, resumeAfterLine: resumeAfter },
      });
    });
    const current = created ? batch : { ...batch, ...(resumeAfter === 0 ? { rows_total: 0, rows_ok: 0, rows_rejected: 0, rows_duplicate: 0 } : {}) };
    return await runRows({
      database, opts, source, scan, kind, writer: writer as unknown as KindWriter<Record<string, unknown>>,
      format: FORMATS[kind] as unknown as ImportFormat<never, Record<string, unknown>>, batch: current, resumeAfter, strict, batchSize, maxLineBytes, readInWorker: opts.readInWorker, fileName, started, summary,
    });
  } catch (err) {
    if (err instanceof FileProblem && batchId !== null) {
      const b = await getBatch(db, batchId);
      return fail(err, (b?.kind as ImportKind | undefined) ?? opts.kind ?? null, scan, b);
    }
    throw err;
  } finally {
    source.close();
    if (batchId !== null) ACTIVE.delete(batchId);
    if (lockClient) {
      await lockClient.query('SELECT pg_advisory_unlock($1, $2)', [BATCH_LOCK_CLASS, batchId]);
      lockClient.release();
    }
  }
}

interface RunArgs {
  database: Database;
  opts: ImportOptions;
  source: RecordSource;
  scan: Prescan;
  kind: ImportKind;
  writer: KindWriter<Record<string, unknown>>;
  format: ImportFormat<never, Record<string, unknown>>;
  batch: BatchRecord;
  resumeAfter: number;
  strict: boolean;
  batchSize: number;
  maxLineBytes: number;
  readInWorker: boolean | undefined;
  fileName: string;
  started: number;
  summary: (s: Pick<ImportSummary, 'kind' | 'batchId' | 'outcome' | 'message'> & Partial<ImportSummary>) => ImportSummary;
}

async function runRows(a: RunArgs): Promise<ImportSummary> {
  const { database, opts, source, scan, kind, writer, format, batch, resumeAfter, strict, batchSize, fileName } = a;
  const db = database.db;
  const errors: string[] = [];
  let run: BatchCounts = ZERO;
  let counts: BatchCounts = countsOf(batch);
  let linesDone = resumeAfter;
  let lastProgress = 0;

  const noteErrors = (rs: RowError[]) => {
    for (const e of rs) if (errors.length < MAX_ERRORS_IN_SUMMARY) errors.push(describeRowError(e));
  };
  const progress = async (phase: ImportProgress['phase'], force = false) => {
    if (!opts.onProgress) return;
    const now = Date.now();
    if (!force && now - lastProgress < 250) return;
    lastProgress = now;
    const elapsedMs = now - a.started;
    const linesRun = linesDone - resumeAfter;
    const linesLeft = Math.max(0, scan.lines - linesDone);
    await opts.onProgress({
      file: fileName, kind, phase, linesTotal: scan.lines, linesDone, rowsOk: counts.rowsOk, rowsRejected: counts.rowsRejected,
      rowsDuplicate: counts.rowsDuplicate, rate: elapsedMs > 0 ? (run.rowsTotal * 1000) / elapsedMs : 0, elapsedMs,
      etaMs: linesRun > 0 ? (linesLeft * elapsedMs) / linesRun : null,
    });
  };

  // Strict: one session for the whole file, opened at the first write, rolled back at the first bad row.
  let strictSession: WriteSession | null = null;
  let strictFailed = false;

  const rejectsOf = (b: ReadBatch, writerRejects: RowError[]): RejectRecord[] =>
    [...b.rejects, ...writerRejects.map((r) => ({ ...r, raw: b.texts.get(r.line) ?? null }))].sort((x, y) => x.line - y.line);

  const writeInto = async (tx: WriteSession, b: ReadBatch, keepRejects: boolean) => {
    const res = await writer.write(tx.tx, b.rows, { batchId: batch.id, fileName, actor: opts.actor, agencyId: opts.agencyId, bulk: tx.bulk });
    const rejects = rejectsOf(b, res.rejected);
    const rejectedLines = new Set(rejects.map((r) => r.line)).size;
    const c: BatchCounts = { rowsTotal: b.records, rowsOk: res.inserted, rowsRejected: rejectedLines, rowsDuplicate: b.duplicates + res.duplicates };
    if (keepRejects) await insertRejects(tx.tx, batch.id, rejects);
    await advanceBatch(tx.tx, batch.id, c, b.lastLine);
    await recordAudit(tx.tx, opts.actor, {
      action: 'import.batch',
      targetType: 'import_batch',
      targetId: batch.id,
      details: { file: fileName, kind, fromLine: b.firstLine, toLine: b.lastLine, inserted: c.rowsOk, duplicates: c.rowsDuplicate, rejected: c.rowsRejected },
    });
    return { c, rejects, writerRejects: res.rejected };
  };

  const writeBatch = async (b: ReadBatch): Promise<void> => {
    if (!strict) {
      const r = await inSession(database, (s) => writeInto(s, b, true));
      noteErrors(r.writerRejects);
      run = addCounts(run, r.c);
      counts = addCounts(counts, r.c);
      return;
    }
    if (!strictFailed && b.rejects.length === 0) {
      strictSession ??= await openSession(database);
      const r = await writeInto(strictSession, b, false);
      noteErrors(r.writerRejects);
      run = addCounts(run, r.c);
      if (r.rejects.length === 0) return;
      // A row the writer refused condemns the file too: undo everything, keep only the reasons.
      await strictSession.rollback();
      strictSession = null;
      strictFailed = true;
      await insertRejects(db, batch.id, r.rejects);
      return;
    }
    if (!strictFailed) {
      strictFailed = true;
      if (strictSession) {
        await strictSession.rollback();
        strictSession = null;
      }
    }
    // After the first bad row nothing more is written; the rest of the file is still read for its reasons.
    await insertRejects(db, batch.id, rejectsOf(b, []));
    run = addCounts(run, { rowsTotal: b.records, rowsOk: 0, rowsRejected: b.rejectedLines.size, rowsDuplicate: 0 });
  };

  // Non-strict imports read the next batch while the database writes the previous one.
  let inflight: Promise<Error | null> | null = null;
  const settle = async () => {
    if (!inflight) return;
    const err = await inflight;
    inflight = null;
    if (err) throw err;
  };
  const flush = async (b: ReadBatch) => {
    if (b.records === 0) return;
    await settle();
    if (strict) {
      await writeBatch(b);
      await progress('importing', true);
      return;
    }
    inflight = writeBatch(b).then(
      async () => {
        await progress('importing', true);
        return null;
      },
      (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
    );
  };

  // Large files are read, parsed and validated on a second thread (read-worker.ts), which overlaps that work with
  // the database writes on this one; small ones here, where starting a thread would cost more than it saves.
  const inWorker = a.readInWorker ?? scan.bytes >= WORKER_MIN_BYTES;
  if (inWorker) source.close();
  const batches = inWorker
    ? readInWorker({ path: opts.path, format: scan.format, kind, maxRecordBytes: a.maxLineBytes, resumeAfter, batchSize, ahead: 1 })
    : readBatches(source.records, format, { resumeAfter, batchSize, yieldEvery: YIELD_EVERY });
  let recordsSeen = 0;
  try {
    for (;;) {
      const r = await batches.next();
      if (r.done) {
        recordsSeen = r.value.recordsSeen;
        break;
      }
      const b = r.value;
      linesDone = b.lastLine;
      noteErrors(b.rejects);
      await flush(b);
      await progress('importing');
    }
    linesDone = scan.lines;
    await settle();
  } catch (err) {
    await batches.return({ recordsSeen });
    // Let a write already in flight finish (its batch is whole either way) before reporting.
    const writeErr = inflight ? await (inflight as Promise<Error | null>) : null;
    if (strictSession) await (strictSession as WriteSession).rollback();
    if (writeErr) throw new AggregateError([err, writeErr], `${(err as Error).message}; and a batch write failed: ${writeErr.message}`, { cause: err });
    throw err;
  }

  if (recordsSeen === 0) {
    throw new FileProblem(
      'header_only',
      scan.format === 'csv' ? `the file has a header (line ${source.headerLine}) and no rows` : 'the file has no rows',
      source.headerLine || 1,
    );
  }

  await progress('finishing', true);
  const failedStrict = strict && strictFailed;
  // Under --strict a failed file keeps nothing, so it reports nothing imported and nothing duplicate.
  const final: BatchCounts = failedStrict ? { ...run, rowsOk: 0, rowsDuplicate: 0 } : strict ? run : counts;
  let rejectsPath: string | null = null;
  if (final.rowsRejected > 0 && opts.rejectsDir !== null) {
    rejectsPath = path.join(opts.rejectsDir ?? path.dirname(opts.path), rejectsFileName(fileName));
    await writeRejectsFile(db, batch.id, rejectsPath);
  }
  const message = failedStrict
    ? `${fileName}: refused under --strict: ${final.rowsRejected} of ${final.rowsTotal} rows are bad, so nothing was imported`
    : `${fileName}: ${final.rowsOk} imported, ${final.rowsRejected} rejected, ${final.rowsDuplicate} duplicate` +
      (resumeAfter > 0 ? ` (resumed after line ${resumeAfter})` : '');
  const finishIn = async (tx: Tx) => {
    await finishBatch(tx, batch.id, failedStrict ? 'failed' : 'completed', { error: failedStrict ? message : null, rejectsPath, ...(strict ? { counts: final } : {}) });
    await recordAudit(tx, opts.actor, {
      action: failedStrict ? 'import.failed' : 'import.completed',
      targetType: 'import_batch',
      targetId: batch.id,
      details: { file: fileName, kind, ...final },
    });
  };
  if (strictSession) {
    const s = strictSession as WriteSession;
    await finishIn(s.tx);
    await s.commit();
  } else {
    await db.transaction().execute(finishIn);
  }
  return a.summary({
    kind,
    batchId: batch.id,
    outcome: failedStrict ? 'failed' : 'completed',
    counts: final,
    run: strict ? final : run,
    message,
    errors,
    rejectsPath,
  });
}
