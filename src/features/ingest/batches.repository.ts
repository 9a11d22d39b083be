// import_batches (one row per file and kind: the identity that makes a second import add nothing, and the cursor a
// resumed import starts from) and import_rejects (every refused row, with its line, field, reason and text).
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';

export type BatchStatus = 'running' | 'completed' | 'failed' | 'refused';

export interface BatchRecord {
  id: number;
  kind: string;
  file_name: string;
  file_sha256: string;
  status: BatchStatus;
  strict: boolean;
  format: string | null;
  bytes: number | null;
  lines_total: number | null;
  rows_total: number;
  rows_ok: number;
  rows_rejected: number;
  rows_duplicate: number;
  last_line_committed: number;
  error: string | null;
  source: string;
  agency_id: number | null;
  job_id: number | null;
  rejects_path: string | null;
  created_by: number | null;
  started_at: Date;
  finished_at: Date | null;
  updated_at: Date;
}

export interface RejectRecord {
  line: number;
  field: string | null;
  reason: string;
  raw: string | null;
}

const BATCH_COLUMNS = [
  'id', 'kind', 'file_name', 'file_sha256', 'status', 'strict', 'format', 'bytes', 'lines_total', 'rows_total', 'rows_ok',
  'rows_rejected', 'rows_duplicate', 'last_line_committed', 'error', 'source', 'agency_id', 'job_id', 'rejects_path',
  'created_by', 'started_at', 'finished_at', 'updated_at',
] as const;

export async function findBatch(tx: Tx, sha256: string, kind: string): Promise<BatchRecord | undefined> {
  return (await tx
    .selectFrom('import_batches')
    .select(BATCH_COLUMNS)
    .where('file_sha256', '=', sha256)
    .where('kind', '=', kind)
    .executeTakeFirst()) as BatchRecord | undefined;
}

export async function getBatch(tx: Tx, id: number): Promise<BatchRecord | undefined> {
  return (await tx.selectFrom('import_batches').select(BATCH_COLUMNS).where('id', '=', id).executeTakeFirst()) as BatchRecord | undefined;
}

export interface NewBatch {
  kind: string;
  fileName: string;
  sha256: string;
  status: BatchStatus;
  strict: boolean;
  format: string | null;
  bytes: number | null;
  linesTotal: number | null;
  source: string;
  agencyId: number | null;
  jobId: number | null;
  createdBy: number | null;
  error?: string | null;
}

/**
 * Creates the batch of a file and kind, or returns the one that exists. The unique (file_sha256, kind) key settles
 * a race between two imports of the same file: one creates, the other finds.
 */
export async function createOrFindBatch(tx: Tx, b: NewBatch): Promise<{ batch: BatchRecord; created: boolean }> {
  const inserted = await tx
    .insertInto('import_batches')
    .values({
      kind: b.kind,
      file_name: b.fileName,
      file_sha256: b.sha256,
      status: b.status,
      strict: b.strict,
      format: b.format,
      bytes: b.bytes,
      lines_total: b.linesTotal,
      source: b.source,
      agency_id: b.agencyId,
      job_id: b.jobId,
      created_by: b.createdBy,
      error: b.error ?? null,
      finished_at: b.status === 'running' ? null : new Date(),
    })
    .onConflict((oc) => oc.columns(['file_sha256', 'kind']).doNothing())
    .returning(BATCH_COLUMNS)
    .executeTakeFirst();
  if (inserted) return { batch: inserted as BatchRecord, created: true };
  const found = await findBatch(tx, b.sha256, b.kind);
  if (!found) throw new Error(`import batch for ${b.sha256}/${b.kind} vanished`);
  return { batch: found, created: false };
}

/**
 * A new attempt at a batch that did not complete: running again, under the options of this attempt. An attempt that
 * committed nothing (killed early, or refused under --strict) starts its counts afresh.
 */
export async function restartBatch(
  tx: Tx,
  id: number,
  o: { strict: boolean; fileName: string; source: string; jobId: number | null; fromScratch: boolean },
): Promise<void> {
  await tx
    .updateTable('import_batches')
    .set({
      status: 'running', error: null, finished_at: null, strict: o.strict, file_name: o.fileName, source: o.source, job_id: o.jobId,
      updated_at: new Date(),
      ...(o.fromScratch ? { rows_total: 0, rows_ok: 0, rows_rejected: 0, rows_duplicate: 0, last_line_committed: 0 } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export interface BatchCounts {
  rowsTotal: number;
  rowsOk: number;
  rowsRejected: number;
  rowsDuplicate: number;
}

/** Adds one committed batch's counts and moves the cursor, in the transaction that wrote the rows. */
export async function advanceBatch(tx: Tx, id: number, c: BatchCounts, lastLine: number): Promise<void> {
  await tx
    .updateTable('import_batches')
    .set((eb) => ({
      rows_total: eb('rows_total', '+', c.rowsTotal),
      rows_ok: eb('rows_ok', '+', c.rowsOk),
      rows_rejected: eb('rows_rejected', '+', c.rowsRejected),
      rows_duplicate: eb('rows_duplicate', '+', c.rowsDuplicate),
      last_line_committed: lastLine,
      updated_at: new Date(),
    }))
    .where('id', '=', id)
    .execute();
}

export async function finishBatch(
  tx: Tx,
  id: number,
  status: Exclude<BatchStatus, 'running'>,
  o: { error?: string | null; rejectsPath?: string | null; counts?: BatchCounts } = {},
): Promise<void> {
  await tx
    .updateTable('import_batches')
    .set({
      status,
      error: o.error ?? null,
      finished_at: new Date(),
      updated_at: new Date(),
      ...(o.rejectsPath !== undefined ? { rejects_path: o.rejectsPath } : {}),
      ...(o.counts
        ? { rows_total: o.counts.rowsTotal, rows_ok: o.counts.rowsOk, rows_rejected: o.counts.rowsRejected, rows_duplicate: o.counts.rowsDuplicate }
        : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function setRejectsPath(tx: Tx, id: number, path: string | null): Promise<void> {
  await tx.updateTable('import_batches').set({ rejects_path: path }).where('id', '=', id).execute();
}

const REJECT_CHUNK = 2000;

export async function insertRejects(tx: Tx, batchId: number, rejects: readonly RejectRecord[]): Promise<void> {
  for (let i = 0; i < rejects.length; i += REJECT_CHUNK) {
    await tx
      .insertInto('import_rejects')
      .values(rejects.slice(i, i + REJECT_CHUNK).map((r) => ({ batch_id: batchId, line: r.line, field: r.field, reason: r.reason, raw: r.raw })))
      .execute();
  }
}

/** Rejects past the cursor belong to an attempt that did not commit (a strict import that failed): forget them. */
export async function deleteRejectsAfter(tx: Tx, batchId: number, line: number): Promise<void> {
  await tx.deleteFrom('import_rejects').where('batch_id', '=', batchId).where('line', '>', line).execute();
}

export async function listRejects(tx: Tx, batchId: number, o: { afterId?: number; limit: number }): Promise<Array<RejectRecord & { id: number }>> {
  return tx
    .selectFrom('import_rejects')
    .select(['id', 'line', 'field', 'reason', 'raw'])
    .where('batch_id', '=', batchId)
    .where('id', '>', o.afterId ?? 0)
    .orderBy('id')
    .limit(o.limit)
    .execute();
}

export async function countRejects(tx: Tx, batchId: number): Promise<number> {
  const r = await tx
    .selectFrom('import_rejects')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('batch_id', '=', batchId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listBatches(
  tx: Tx,
  o: { visibleAgencyIds: number[] | null; limit: number; offset: number; status?: BatchStatus; kind?: string },
): Promise<BatchRecord[]> {
  let q = tx.selectFrom('import_batches').select(BATCH_COLUMNS);
  if (o.visibleAgencyIds !== null) {
    q = o.visibleAgencyIds.length === 0 ? q.where(sql<boolean>`false`) : q.where('agency_id', 'in', o.visibleAgencyIds);
  }
  if (o.status) q = q.where('status', '=', o.status);
  if (o.kind) q = q.where('kind', '=', o.kind);
  return (await q.orderBy('id', 'desc').limit(o.limit).offset(o.offset).execute()) as BatchRecord[];
}
