import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.js';

/**
 * Time-to-crime from a day count alone (no sale or recovery date) now counts months of 365.25 / 12 days, as
 * src/domain/time-to-crime.ts ttcBracketForDays does, so that the statistics and the domain agree on day 91, 213,
 * 365, 730 and 1095. Facts whose bracket came from a day count are recomputed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE OR REPLACE FUNCTION interdict_ttc_bracket(sale date, recovered date, days integer) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE
    WHEN sale IS NOT NULL AND recovered IS NOT NULL THEN
      CASE
        WHEN recovered < sale THEN NULL
        WHEN recovered < sale + interval '3 months' THEN 0
        WHEN recovered < sale + interval '7 months' THEN 1
        WHEN recovered < sale + interval '1 year' THEN 2
        WHEN recovered < sale + interval '2 years' THEN 3
        WHEN recovered < sale + interval '3 years' THEN 4
        ELSE 5
      END
    WHEN days IS NULL OR days < 0 THEN NULL
    WHEN days * 12.0 / 365.25 < 3 THEN 0
    WHEN days * 12.0 / 365.25 < 7 THEN 1
    WHEN days * 12.0 / 365.25 < 12 THEN 2
    WHEN days * 12.0 / 365.25 < 24 THEN 3
    WHEN days * 12.0 / 365.25 < 36 THEN 4
    ELSE 5
  END::smallint
$fn$;

SELECT interdict_stats_refresh(ARRAY(
  SELECT t.id FROM trace_requests t LEFT JOIN recoveries r ON r.id = t.recovery_id
  WHERE t.ttc_days IS NOT NULL AND (t.sale_date IS NULL OR r.recovered_on IS NULL)
));
`,
  );
}
