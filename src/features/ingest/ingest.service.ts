// Intake through the API: uploaded files run as background jobs (the same importer as the CLI), the list and the
// detail of imports with their rejected rows, and the single records dealers file themselves: a multiple-sale report
// (F 3310.4 or F 3310.12) and a tip. Every write is audited in its own transaction.
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { FORMATS, type DealerTipRow, type ImportKind, type MultipleSaleRow } from '../../formats/index.js';
import type { AppContext } from '../../server/context.js';
import { AppError, badRequest, forbidden, notFound, unprocessable } from '../../server/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf, canSeeAgency, type Principal } from '../auth/principal.js';
import { countRejects, getBatch, listBatches, type BatchRecord, type BatchStatus } from './batches.repository.js';
import type { FileFormat } from './prescan.js';
import { validateRecord } from './validate.js';
import { dealerTipWriter } from './writers/dealer-tips.js';
import { multipleSaleWriter } from './writers/multiple-sales.js';

export const IMPORT_JOB = 'ingest.import';
/** Largest upload accepted; the importer streams, so this bounds disk, not memory. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

export interface UploadInput {
  fileName: string;
  body: Readable;
  kind?: ImportKind;
  strict?: boolean;
  format?: FileFormat;
  /** True when the transport cut the body at its size limit (multipart), which must not pass for a whole file. */
  truncated?: () => boolean;
}

export interface ImportJobPayload {
  path: string;
  fileName: string;
  kind: ImportKind | null;
  strict: boolean;
  format: FileFormat | null;
  agencyId: number;
  username: string;
  [key: string]: unknown;
}

function safeName(name: string): string {
  const base = path.basename(name).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
  return base === '' || base.startsWith('.') ? `upload${base}` : base;
}

export function uploadsDir(ctx: AppContext): string {
  // Embedded mode keeps uploads beside the database; otherwise (tests, a server database) the temporary directory.
  return !ctx.config.databaseUrl && existsSync(ctx.config.dataDir) ? path.join(ctx.config.dataDir, 'uploads') : path.join(os.tmpdir(), 'interdict-uploads');
}

function licenceKey(s: string | null | undefined): string {
  return (s ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** A dealer files only under its own licence; an administrator may file for any (data entry from paper). */
function requireOwnLicence(p: Principal, licence: string, field: string): void {
  if (p.roles.includes('admin')) return;
  if (!p.dealerLicence) throw forbidden('Your account has no dealer licence, so it cannot file for a dealer');
  if (licenceKey(p.dealerLicence) !== licenceKey(licence)) {
    throw forbidden(`${field} ${licence} is not your licence (${p.dealerLicence}); a dealer files only its own reports`);
  }
}

function batchView(b: BatchRecord) {
  return {
    id: b.id,
    kind: b.kind,
    fileName: b.file_name,
    sha256: b.file_sha256,
    status: b.status,
    strict: b.strict,
    format: b.format,
    bytes: b.bytes,
    linesTotal: b.lines_total,
    rowsTotal: b.rows_total,
    rowsOk: b.rows_ok,
    rowsRejected: b.rows_rejected,
    rowsDuplicate: b.rows_duplicate,
    lastLineCommitted: b.last_line_committed,
    error: b.error,
    source: b.source,
    jobId: b.job_id,
    startedAt: new Date(b.started_at).toISOString(),
    finishedAt: b.finished_at ? new Date(b.finished_at).toISOString() : null,
  };
}
export type BatchView = ReturnType<typeof batchView>;

export function createIngestService(ctx: AppContext) {
  return {
    /** Stores the upload and queues its import; the job reports progress and, at the end, the summary. */
    async startUpload(p: Principal, input: UploadInput): Promise<{ jobId: number; fileName: string; bytes: number }> {
      const dir = uploadsDir(ctx);
      await mkdir(dir, { recursive: true });
      const fileName = safeName(input.fileName);
      const target = path.join(dir, `${randomUUID()}-${fileName}`);
      let bytes = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          if (bytes > MAX_UPLOAD_BYTES) done(new AppError(413, 'payload_too_large', `the file is larger than ${MAX_UPLOAD_BYTES} bytes`));
          else done(null, chunk);
        },
      });
      try {
        await pipeline(input.body, limit, createWriteStream(target));
      } catch (err) {
        await rm(target, { force: true });
        throw err;
      }
      if (input.truncated?.()) {
        await rm(target, { force: true });
        throw new AppError(413, 'payload_too_large', `the file is larger than ${MAX_UPLOAD_BYTES} bytes`);
      }
      if (bytes === 0) {
        await rm(target, { force: true });
        throw badRequest('the upload is empty: send the file as the request body');
      }
      const payload: ImportJobPayload = {
        path: target, fileName, kind: input.kind ?? null, strict: input.strict ?? false, format: input.format ?? null,
        agencyId: p.agencyId, username: p.username,
      };
      const jobId = await ctx.jobs.enqueue(IMPORT_JOB, payload, p.userId);
      await recordAudit(ctx.db, actorOf(p), { action: 'import.uploaded', targetType: 'job', targetId: jobId, details: { file: fileName, bytes, kind: input.kind ?? null } });
      return { jobId, fileName, bytes };
    },

    async list(p: Principal, q: { limit: number; offset: number; status?: BatchStatus; kind?: string }): Promise<BatchView[]> {
      const rows = await listBatches(ctx.db, { ...q, visibleAgencyIds: p.visibleAgencyIds });
      return rows.map(batchView);
    },

    async get(p: Principal, id: number, q: { limit: number; offset: number }) {
      const b = await getBatch(ctx.db, id);
      // Out of scope looks like absent. Files imported from the command line belong to the national scope.
      if (!b || !canSeeAgency(p, b.agency_id)) throw notFound('Import');
      const rejects = await ctx.db.transaction().execute(async (tx) => {
        const total = await countRejects(tx, id);
        const page = await tx
          .selectFrom('import_rejects')
          .select(['line', 'field', 'reason', 'raw'])
          .where('batch_id', '=', id)
          .orderBy('id')
          .limit(q.limit)
          .offset(q.offset)
          .execute();
        // Rejected rows can carry a person's details as written: reading them is audited like any person data.
        if (page.length > 0) {
          await recordAudit(tx, actorOf(p), { action: 'import.rejects.read', targetType: 'import_batch', targetId: id, details: { offset: q.offset, count: page.length } });
        }
        return { total, rows: page };
      });
      return { import: batchView(b), rejects };
    },

    /** A dealer files one multiple-sale report: one row per firearm, validated by the same schema as the files. */
    async fileMultipleSale(p: Principal, rows: Array<Record<string, unknown>>) {
      const errors: Array<{ item: number; field: string | null; reason: string }> = [];
      const valid: MultipleSaleRow[] = [];
      rows.forEach((values, i) => {
        const v = validateRecord(FORMATS.multiple_sales, { line: i + 1, values, raw: '' });
        if (v.ok) valid.push(v.row);
        else for (const e of v.errors) errors.push({ item: i + 1, field: e.field, reason: e.reason });
      });
      if (errors.length > 0) {
        throw unprocessable(`The report has ${errors.length} problem${errors.length > 1 ? 's' : ''}: ${errors.slice(0, 5).map((e) => `item ${e.item}, ${e.field ?? 'row'}: ${e.reason}`).join('; ')}`, errors);
      }
      const first = valid[0];
      const stray = valid.find((r) => r.report_id !== first.report_id || r.dealer_licence_number !== first.dealer_licence_number);
      if (stray) throw unprocessable('Every row of one report must carry the same report_id and dealer_licence_number');
      requireOwnLicence(p, first.dealer_licence_number, 'dealer_licence_number');
      const requestRef = `api:${p.requestId ?? randomUUID()}`;
      return ctx.db.transaction().execute(async (tx) => {
        const res = await multipleSaleWriter.write(
          tx,
          valid.map((row, i) => ({ row, line: i + 1, raw: rows[i] })),
          { batchId: null, fileName: requestRef, actor: actorOf(p), agencyId: p.agencyId },
        );
        if (res.rejected.length > 0) {
          throw unprocessable(`The report was not accepted: ${res.rejected.map((r) => `item ${r.line}, ${r.field}: ${r.reason}`).join('; ')}`, res.rejected);
        }
        if (res.inserted === 0) throw new AppError(409, 'conflict', `Report ${first.report_id} of ${first.dealer_licence_number} is already held, with all its items`);
        const report = await tx
          .selectFrom('multiple_sale_reports')
          .select(['id'])
          .where('dealer_licence', '=', first.dealer_licence_number)
          .where('report_ref', '=', first.report_id)
          .executeTakeFirstOrThrow();
        await recordAudit(tx, actorOf(p), {
          action: 'multiple_sale.filed',
          targetType: 'multiple_sale_report',
          targetId: report.id,
          details: { form: first.form, reportRef: first.report_id, licence: first.dealer_licence_number, items: res.inserted, duplicates: res.duplicates },
        });
        return { reportId: report.id, itemsAdded: res.inserted, itemsAlreadyHeld: res.duplicates };
      });
    },

    /** A dealer sends a tip about a suspicious purchase or attempt. */
    async sendTip(p: Principal, body: Record<string, unknown>) {
      const values = { ...body, tip_id: body.tip_id ?? `TIP-${randomUUID().slice(0, 8).toUpperCase()}` };
      const v = validateRecord(FORMATS.dealer_tips, { line: 1, values, raw: '' });
      if (!v.ok) {
        throw unprocessable(`The tip has problems: ${v.errors.map((e) => `${e.field ?? 'tip'}: ${e.reason}`).join('; ')}`, v.errors.map(({ field, reason }) => ({ field, reason })));
      }
      const row: DealerTipRow = v.row;
      requireOwnLicence(p, row.licence_number, 'licence_number');
      const requestRef = `api:${p.requestId ?? randomUUID()}`;
      return ctx.db.transaction().execute(async (tx) => {
        const res = await dealerTipWriter.write(tx, [{ row, line: 1, raw: values }], { batchId: null, fileName: requestRef, actor: actorOf(p), agencyId: p.agencyId });
        if (res.inserted === 0) throw new AppError(409, 'conflict', `Tip ${row.tip_id} of ${row.licence_number} is already held`);
        const tip = await tx.selectFrom('dealer_tips').select('id').where('dealer_licence', '=', row.licence_number).where('tip_ref', '=', row.tip_id).executeTakeFirstOrThrow();
        await recordAudit(tx, actorOf(p), { action: 'tip.sent', targetType: 'dealer_tip', targetId: tip.id, details: { tipRef: row.tip_id, licence: row.licence_number } });
        return { tipId: tip.id, tipRef: row.tip_id };
      });
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
