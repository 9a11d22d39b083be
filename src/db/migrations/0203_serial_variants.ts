import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.js';

/**
 * Candidate search for serials one character off (a misread, a swap, a character more or less) by symmetric
 * deletion: each register entry's match key is stored with every key made by deleting one character. Two keys are
 * at most one edit apart exactly when their sets meet, so the search is one btree probe per variant of the
 * observed key: fast on both engines and complete for one edit, where trigram similarity misses short serials.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE suspect_serial_variants (
  variant        text NOT NULL,
  suspect_gun_id bigint NOT NULL REFERENCES suspect_guns(id)
);
CREATE INDEX suspect_serial_variants_variant ON suspect_serial_variants(variant);
CREATE INDEX suspect_serial_variants_entry ON suspect_serial_variants(suspect_gun_id);
`,
  );
}
