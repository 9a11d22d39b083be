import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.js';

/**
 * Register entries with unknown positions become exact btree keys too (see src/features/suspects/candidates.ts):
 * each is stored in suspect_serial_variants under an anchor, its key length with its known prefix (`^8:AB`) or
 * suffix (`$8:345678`), the longer one. Before, every trace scanned all partial entries of its key length.
 *
 * The trigram indexes take each insert directly (fastupdate off): with the pending list, the insert that happens
 * to fill it merges it into the index inside a trace submission, a latency spike of seconds on a large table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
INSERT INTO suspect_serial_variants (variant, suspect_gun_id)
SELECT a.variant, a.id
FROM (SELECT id, serial_key, split_part(serial_key, '?', 1) AS prefix, reverse(split_part(reverse(serial_key), '?', 1)) AS suffix
      FROM suspect_guns WHERE serial_partial AND serial_key <> '') k
CROSS JOIN LATERAL (
  SELECT '^' || length(k.serial_key) || ':' || k.prefix AS variant, k.id WHERE length(k.prefix) >= length(k.suffix)
  UNION ALL
  SELECT '$' || length(k.serial_key) || ':' || k.suffix, k.id WHERE length(k.suffix) >= length(k.prefix)
) a;

ALTER INDEX firearms_serial_key_trgm SET (fastupdate = off);
ALTER INDEX suspect_guns_serial_key_trgm SET (fastupdate = off);
`,
  );
}
