import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { TTC_BRACKETS, ttcBracket, ttcBracketForDays } from '../../domain/time-to-crime.js';
import { bracketOf } from './testing/expected.js';
import { addMonthsIso } from './testing/world.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

// Month ends, leap days and the exact bracket edges, where calendar months and day counts disagree.
const PAIRS: Array<[string, string]> = [];
for (const sale of ['2020-01-31', '2020-02-29', '2019-11-30', '2021-03-31', '2022-08-15', '2023-12-31']) {
  for (const months of [0, 3, 7, 12, 24, 36, 120]) {
    const edge = addMonthsIso(sale, months);
    for (const delta of [-1, 0, 1]) {
      const rec = new Date(Date.parse(`${edge}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);
      PAIRS.push([sale, rec]);
    }
  }
}

describe('interdict_ttc_bracket (SQL) against calendar arithmetic done independently', () => {
  it(`agrees on ${PAIRS.length} edge cases`, async () => {
    const r = await sql<{ b: number | null }>`
      SELECT interdict_ttc_bracket(s::date, r::date, NULL) AS b
      FROM unnest(${PAIRS.map((p) => p[0])}::text[], ${PAIRS.map((p) => p[1])}::text[]) WITH ORDINALITY AS x(s, r, i)
      ORDER BY i
    `.execute(database.db);
    expect(r.rows.map((x) => x.b)).toEqual(PAIRS.map(([s, rec]) => bracketOf(s, rec)));
    // ... and against the domain's own rule (src/domain/time-to-crime.ts).
    expect(r.rows.map((x) => x.b)).toEqual(
      PAIRS.map(([s, rec]) => {
        const b = ttcBracket(s, rec);
        return b.ok ? TTC_BRACKETS.indexOf(b.value) : null;
      }),
    );
  });

  it('falls back to months of 365.25/12 days when only the day count is known, as the domain does', async () => {
    const days = [0, 90, 91, 92, 212, 213, 214, 364, 365, 366, 729, 730, 731, 1094, 1095, 1096, 5000, -3];
    const r = await sql<{ b: number | null }>`
      SELECT interdict_ttc_bracket(NULL, NULL, d) AS b FROM unnest(${days}::int[]) WITH ORDINALITY AS x(d, i) ORDER BY i
    `.execute(database.db);
    expect(r.rows.map((x) => x.b)).toEqual(
      days.map((d) => {
        const b = ttcBracketForDays(d);
        return b.ok ? TTC_BRACKETS.indexOf(b.value) : null;
      }),
    );
    expect(r.rows.map((x) => x.b)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, null]);
  });
});
