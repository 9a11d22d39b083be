import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.js';

/**
 * Detection writes two derived tables in bulk: a subject row for every person record (1.46 million on the first run at
 * the benchmark's volume) and a score row for every subject with a score (424,000). Their foreign keys were checked
 * row by row: the check of detection_subjects.person_record_id also locks each person record (FOR KEY SHARE, a heap
 * write and a WAL record per row) and cost 12.9 of the 21.6 s of writing the subjects; the check of
 * person_risk_scores.run_id cost 3.5 s of storing the scores (border-baseline scale 21, measured 2026-11-28).
 *
 * Both tables are written only by a detection run, from person records read in the same transaction and under the
 * run id that run has just created, so the checks never fail; person records are never deleted (a feature that comes
 * to delete them must delete their detection_subjects rows, which nothing now cascades).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
ALTER TABLE detection_subjects DROP CONSTRAINT IF EXISTS detection_subjects_person_record_id_fkey;
ALTER TABLE person_risk_scores DROP CONSTRAINT IF EXISTS person_risk_scores_run_id_fkey;
`,
  );
}
