/**
 * Every file the simulator writes imports with zero rejected rows, with nothing done by hand first: the folder is
 * taken as `interdict import DIR` takes it (filesToImport: the kinds in order, cases before the referrals that name
 * them, the ground truth skipped), each file through the real importer. Both scenarios; PGlite and, with
 * TEST_DATABASE_URL, PostgreSQL. Scales are small because trace import (matching, answers from held records) is slow.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connect.js';
import { SYSTEM_ACTOR } from '../features/audit/audit.service.js';
import { filesToImport } from '../features/ingest/discover.js';
import { importFile } from '../features/ingest/importer.js';
import { IMPORT_KINDS } from '../formats/index.js';
import { createTestDatabase } from '../testing/db.js';
import { simulate } from './simulate.js';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-sim-import-'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

// border-baseline at 0.01 has a ring of each skill, hence traces answered from held reports; phoenix-2010 at 0.0005
// is the Phoenix ring (its ~500 referrals on one case, its recoveries) among a little ordinary trade.
describe.each([
  ['border-baseline', 5, 0.01],
  ['phoenix-2010', 3, 0.0005],
] as const)('a %s world imported as a folder', (scenario, seed, scale) => {
  let database: Database;
  afterAll(async () => {
    await database?.close();
  });

  it('imports every row of every file: none rejected, none refused; the ground truth is skipped, and refused when named', async () => {
    const dir = path.join(root, scenario);
    const sim = await simulate({ scenario, seed, scale, outDir: dir });
    if (scenario === 'border-baseline') expect(sim.stats.answeredFromRecords).toBeGreaterThan(0);
    database = await createTestDatabase();

    const notices: string[] = [];
    const files = await filesToImport([dir], (m) => notices.push(m));
    // The truth files are recognised by their content and left out, with a notice each time.
    expect(notices).toEqual([expect.stringMatching(/truth-records\.ndjson: skipped: the simulator's ground truth/)]);
    expect(files.map((f) => path.basename(f))).toEqual(IMPORT_KINDS.map((k) => `${k}.csv`));

    const outcome: Record<string, { rows: number; ok: number; duplicate: number; rejected: number; errors: string[] }> = {};
    for (const file of files) {
      const s = await importFile(database, { path: file, actor: SYSTEM_ACTOR, agencyId: null, source: 'cli', rejectsDir: null });
      expect(s.outcome, `${s.file}: ${s.message}`).toBe('completed');
      outcome[s.kind ?? file] = { rows: s.counts.rowsTotal, ok: s.counts.rowsOk, duplicate: s.counts.rowsDuplicate, rejected: s.counts.rowsRejected, errors: s.errors.slice(0, 5) };
    }
    for (const kind of IMPORT_KINDS) {
      const o = outcome[kind];
      expect(o, kind).toBeDefined();
      expect({ kind, rejected: o.rejected, errors: o.errors }).toEqual({ kind, rejected: 0, errors: [] });
      expect(o.rows, kind).toBe(sim.files[kind].rows);
      expect(o.rows, kind).toBeGreaterThan(0);
      expect(o.ok + o.duplicate, kind).toBe(o.rows);
    }
    // Every referral sits on its imported case, and each case keeps its investigator's name.
    const onCases = await sql<{ n: string | number }>`
      SELECT count(*) AS n FROM suspect_guns s JOIN cases c ON c.id = s.case_id WHERE c.source_kind = 'case_import'`.execute(database.db);
    expect(Number(onCases.rows[0].n)).toBe(sim.files.suspect_guns.rows);
    const cases = await database.db.selectFrom('cases').select(['lead_investigator_name']).execute();
    expect(cases).toHaveLength(sim.files.cases.rows);
    expect(cases.every((c) => c.lead_investigator_name)).toBe(true);

    // Interdict keeps a result that arrives for an ended trace and flags disagreements for review: a self-consistent
    // world never stops a trace Interdict completed itself, nor disagrees with a hop it already holds.
    const late = await sql<{ stopped: string | number; disagreeing: string | number }>`
      SELECT count(*) FILTER (WHERE kind = 'not_completed') AS stopped,
             count(*) FILTER (WHERE review_status = 'open') AS disagreeing
        FROM trace_late_results`.execute(database.db);
    expect(Number(late.rows[0].stopped)).toBe(0);
    expect(Number(late.rows[0].disagreeing)).toBe(0);

    // Named on its own, a truth file is refused whole: nothing of it reaches the database.
    for (const truth of [sim.truthRecordsPath, sim.truthPath]) {
      const s = await importFile(database, { path: truth, actor: SYSTEM_ACTOR, agencyId: null, source: 'cli', rejectsDir: null });
      expect(s.outcome, s.message).toBe('refused');
      expect(s.message).toMatch(/simulator's ground truth .* never imported/);
      expect(s.counts.rowsOk).toBe(0);
    }
  }, 300_000);
});
