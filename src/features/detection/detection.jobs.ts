/**
 * Detection as background work: the 'detection.run' job (full or incremental), and the function the importer calls
 * after each committed import so that scores follow the data.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../server/context.js';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.service.js';
import { complianceFindings } from '../sales/compliance.service.js';
import { runDetection, type RunSummary } from './detect.service.js';

export const DETECTION_JOB = 'detection.run';

/**
 * Rescores what an import changed (incremental run: the subjects with new records since the last run, and their
 * linked neighbours), raising alerts for anyone who now crosses the threshold. Call it after the import committed.
 */
export async function rescoreAfterImport(db: Kysely<DB>, importBatchId: number | null, actor: Actor = SYSTEM_ACTOR): Promise<RunSummary> {
  return runDetection(db, {
    mode: 'incremental', trigger: importBatchId === null ? 'import' : `import:${importBatchId}`, importBatchId, actor, findings: complianceFindings,
  });
}

export function registerDetectionJobs(ctx: AppContext): void {
  ctx.jobs.register(DETECTION_JOB, async (job) => {
    const mode = job.payload.mode === 'full' ? 'full' : 'incremental';
    const batch = typeof job.payload.importBatchId === 'number' ? job.payload.importBatchId : null;
    const actor: Actor = { userId: job.createdBy, label: job.createdBy === null ? 'system' : `job:${job.jobId}`, agencyId: null };
    const s = await runDetection(ctx.db, {
      mode, trigger: batch === null ? `job:${job.jobId}` : `import:${batch}`, importBatchId: batch, actor, findings: complianceFindings,
      concurrentReads: ctx.database.kind === 'postgres',
      onProgress: (p) => {
        job.progress({ phase: p.phase, done: p.done ?? null }).catch((e: unknown) => process.emitWarning(`detection job progress: ${String(e)}`));
      },
    });
    return { ...s };
  });
}
