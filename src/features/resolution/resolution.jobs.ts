/**
 * Resolution as background work: the 'resolution.run' job (full or incremental), and the function the importer calls
 * after a committed batch so that new records are resolved against the existing persons.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../server/context.js';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.service.js';
import { ResolutionBusyError, runResolution, type ResolveProgress, type ResolveSummary } from './resolve.service.js';

export const RESOLUTION_JOB = 'resolution.run';

export type AfterImportResult = ResolveSummary | { skipped: 'busy'; message: string };

/**
 * Resolves the records an import added (incremental run). When another run is in progress it does nothing and says
 * so: the records stay unlinked (they count as persons of their own in resolved_person_records) until the next run,
 * which takes every unlinked record.
 */
export async function resolveAfterImport(
  db: Kysely<DB>,
  importBatchId: number | null,
  actor: Actor = SYSTEM_ACTOR,
  onProgress?: (p: ResolveProgress) => void,
): Promise<AfterImportResult> {
  try {
    return await runResolution(db, {
      mode: 'incremental', trigger: importBatchId === null ? 'import' : `import:${importBatchId}`, importBatchId, actor, onProgress,
    });
  } catch (err) {
    if (err instanceof ResolutionBusyError) return { skipped: 'busy', message: err.message };
    throw err;
  }
}

export function registerResolutionJobs(ctx: AppContext): void {
  ctx.jobs.register(RESOLUTION_JOB, async (job) => {
    const mode = job.payload.mode === 'full' ? 'full' : 'incremental';
    const batch = typeof job.payload.importBatchId === 'number' ? job.payload.importBatchId : null;
    const actor: Actor = { userId: job.createdBy, label: job.createdBy === null ? 'system' : `job:${job.jobId}`, agencyId: null };
    const s = await runResolution(ctx.db, {
      mode, trigger: batch === null ? `job:${job.jobId}` : `import:${batch}`, importBatchId: batch, actor,
      onProgress: (p) => {
        job.progress({ phase: p.phase, done: p.done ?? null, total: p.total ?? null, message: p.message ?? null })
          .catch((e: unknown) => process.emitWarning(`resolution job progress: ${String(e)}`));
      },
    });
    return { ...s };
  });
}
