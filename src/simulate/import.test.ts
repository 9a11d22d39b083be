/**
 * Every file the simulator writes imports with zero rejected rows, through the real importer, in the order
 * `interdict import DIR` uses. The case that once failed: a trace whose gun is on a multiple-sale report is completed
 * by Interdict at submission, so a simulated "not completed" result for it was refused; the world now says what the
 * tracing center would (traces.ts, answeredFromRecords). Runs on PGlite and, with TEST_DATABASE_URL, PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connect.js';
import { SYSTEM_ACTOR } from '../features/audit/audit.service.js';
import { orderForImport } from '../features/ingest/discover.js';
import { importFile } from '../features/ingest/importer.js';
import { IMPORT_KINDS } from '../formats/index.js';
import { createTestDatabase } from '../testing/db.js';
import { simulate } from './simulate.js';

async function openCases(database: Database, file: string): Promise<void> {
  const rows = parse(fs.readFileSync(file), { columns: true }) as { agency_ori: string; case_number: string; referred_on: string }[];
  for (const r of rows) {
    await sql`INSERT INTO agencies (ori, name) SELECT ${r.agency_ori}, ${r.agency_ori} WHERE NOT EXISTS (SELECT 1 FROM agencies WHERE ori = ${r.agency_ori})`.execute(database.db);
    const agency = await database.db.selectFrom('agencies').select('id').where('ori', '=', r.agency_ori).executeTakeFirstOrThrow();
    if (await database.db.selectFrom('cases').select('id').where('case_number', '=', r.case_number).executeTakeFirst()) continue;
    await database.db
      .insertInto('cases')
      .values({ case_number: r.case_number, agency_id: agency.id, title: `Case ${r.case_number}`, opened_on: r.referred_on, source_kind: 'demo', source_ref: path.basename(file) })
      .execute();
  }
}

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-sim-import-'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

// The smallest world still has a ring of each skill, hence traces answered from held reports (48 here). The
// trace-request import does the work of submission (matching, answers from held records) and is the slow part.
describe.each([['border-baseline', 5, 0.01]] as const)('a %s world imported file by file', (scenario, seed, scale) => {
  let database: Database;
  afterAll(async () => {
    await database?.close();
  });

  it('imports every row of every file: none rejected, none refused', async () => {
    const dir = path.join(root, scenario);
    const sim = await simulate({ scenario, seed, scale, outDir: dir });
    // The world has traces the center answers from a report it holds: the case this test is about.
    expect(sim.stats.answeredFromRecords).toBeGreaterThan(0);
    database = await createTestDatabase();
    // The importer refuses a file with a header and no rows (a tiny world may have no untraced recovery): not a row
    // rejected, and nothing to import.
    const written = IMPORT_KINDS.filter((k) => sim.files[k].rows > 0);
    expect(written.length).toBeGreaterThanOrEqual(IMPORT_KINDS.length - 1);
    const files = await orderForImport(written.map((k) => sim.files[k].path));
    const outcome: Record<string, { rows: number; ok: number; duplicate: number; rejected: number; errors: string[] }> = {};
    for (const file of files) {
      // A referral belongs to an open case of the referring agency, which Interdict must hold (the demo opens them
      // the same way); agencies and cases are not import kinds, so the test opens those the file names.
      if (file === sim.files.suspect_guns.path) await openCases(database, file);
      const s = await importFile(database, { path: file, actor: SYSTEM_ACTOR, agencyId: null, source: 'cli', rejectsDir: null });
      expect(s.outcome, `${s.file}: ${s.message}`).toBe('completed');
      outcome[s.kind ?? file] = { rows: s.counts.rowsTotal, ok: s.counts.rowsOk, duplicate: s.counts.rowsDuplicate, rejected: s.counts.rowsRejected, errors: s.errors.slice(0, 5) };
    }
    for (const kind of written) {
      const o = outcome[kind];
      expect(o, kind).toBeDefined();
      expect({ kind, rejected: o.rejected, errors: o.errors }).toEqual({ kind, rejected: 0, errors: [] });
      expect(o.rows, kind).toBe(sim.files[kind].rows);
      expect(o.ok + o.duplicate, kind).toBe(o.rows);
    }
    // Interdict keeps a result that arrives for an ended trace and flags disagreements for review: a self-consistent
    // world never stops a trace Interdict completed itself. (Hop disagreements flagged for review are not yet zero:
    // about 25 in this world; see the simulator README.)
    const late = await sql<{ stopped: string | number }>`
      SELECT count(*) FILTER (WHERE kind = 'not_completed') AS stopped FROM trace_late_results`.execute(database.db);
    expect(Number(late.rows[0].stopped)).toBe(0);
  }, 900_000);
});
