import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.js';

/**
 * Cases come in files too (the `cases` import kind): a case-management system names its investigators, who need not
 * be Interdict users. The names are kept as written beside the user links (which stay null for a name no user has),
 * and an imported case keeps its batch, as every imported row does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
ALTER TABLE cases
  ADD COLUMN lead_investigator_name text,
  ADD COLUMN supervisor_name text,
  ADD COLUMN import_batch_id bigint REFERENCES import_batches(id);
`,
  );
}
