// The background job that imports an uploaded file: the same importer as the CLI, its progress written to the job,
// the summary as the job's result, then detection rescored for what came in.
import { rm } from 'node:fs/promises';
import type { AppContext } from '../../server/context.js';
import { isImportKind } from '../../formats/index.js';
import { rescoreAfterImport } from '../detection/detection.jobs.js';
import type { Actor } from '../audit/audit.service.js';
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
    let detection: Record<string, unknown> | null = null;
    if (summary.outcome === 'completed' && summary.run.rowsOk > 0) {
      try {
        detection = { ...(await rescoreAfterImport(ctx.db, summary.batchId, actor)) };
      } catch (err) {
        // The import stands whatever detection does; its failure is reported with the result, not hidden.
        detection = { error: (err as Error).message };
      }
    }
    // The upload has served: what it held is in the database (rows, rejects, the batch with its reason).
    await rm(p.path, { force: true });
    return { ...summary, detection };
  });
}
