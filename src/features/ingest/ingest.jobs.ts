// The background job that imports an uploaded file: the same importer as the CLI, its progress written to the job,
// the summary as the job's result, then entity resolution and detection for what came in (after-import.ts).
import { rm } from 'node:fs/promises';
import type { AppContext } from '../../server/context.js';
import { isImportKind } from '../../formats/index.js';
import type { Actor } from '../audit/audit.service.js';
import { applyPendingStats } from '../stats/refresh.js';
import { afterImport } from './after-import.js';
import { importFile } from './importer.js';
import { IMPORT_JOB, type ImportJobPayload } from './ingest.service.js';

export function registerIngestJobs(ctx: AppContext): void {
  ctx.jobs.register(IMPORT_JOB, async (job) => {
    const p = job.payload as ImportJobPayload;
    const actor: Actor = { userId: job.createdBy, label: p.username, agencyId: p.agencyId, requestId: `job:${job.jobId}` };
    const summary = await importFile(ctx.database, {
      path: p.path,
      fileName: p.fileName,
      kind: p.kind && isImportKind(p.kind) ? p.kind : undefined,
      strict: p.strict,
      format: p.format ?? undefined,
      // The rejected rows are served from the database (GET /imports/:id), not left as files on the server.
      rejectsDir: null,
      actor,
      agencyId: p.agencyId,
      source: 'upload',
      jobId: job.jobId,
      onProgress: (pr) => job.progress({ ...pr }),
    });
    // The statistics hook: facts and summaries for what came in, set-based (a failure waits for the next read).
    if (summary.outcome === 'completed' && summary.run.rowsOk > 0) await applyPendingStats(ctx.db).catch(() => 0);
    const after = summary.outcome === 'completed' && summary.run.rowsOk > 0
      ? await afterImport(ctx.db, [summary.batchId], actor)
      : { resolution: null, detection: null };
    // The upload has served: what it held is in the database (rows, rejects, the batch with its reason).
    await rm(p.path, { force: true });
    return { ...summary, ...after };
  });
}
