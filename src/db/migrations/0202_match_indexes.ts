import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.js';

/**
 * A new register entry is matched against every gun already held. Held guns with unknown serial positions are
 * searched the other way round (the entry's key LIKE the held gun's pattern), by key length first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE INDEX firearms_partial_len ON firearms ((length(serial_key))) WHERE serial_partial;
CREATE INDEX trace_requests_recovery ON trace_requests(recovery_id);
`,
  );
}
