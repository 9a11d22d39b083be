// The cases import kind: agencies made from the file on a national import, investigators linked to users by name
// (names kept either way), idempotent by case number, a number held for another agency refused, an agency's own
// import limited to that agency; and a referral naming an imported case lands on it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/connect.js';
import { EXAMPLES } from '../../../formats/examples.js';
import { createTestDatabase } from '../../../testing/db.js';
import { SYSTEM_ACTOR } from '../../audit/audit.service.js';
import { csvOf } from '../fixtures.js';
import { importFile, type ImportOptions } from '../importer.js';

let database: Database;
let dir: string;
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-cases-'));
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function caseRow(n: number, change: Record<string, string> = {}): Record<string, string> {
  return { ...EXAMPLES.cases, case_number: `ATF-785115-10-${String(n).padStart(4, '0')}`, ...change };
}

function run(kind: 'cases' | 'suspect_guns', rows: Record<string, string>[], o: Partial<ImportOptions> = {}) {
  const p = path.join(dir, `${kind}-${++seq}.csv`);
  fs.writeFileSync(p, csvOf(kind, rows));
  return importFile(database, { path: p, actor: SYSTEM_ACTOR, agencyId: null, rejectsDir: null, ...o });
}

describe('importing cases', () => {
  it('holds cases with their agency (made from the row when new) and investigators linked by name, names kept', async () => {
    const other = await database.db.insertInto('agencies').values({ ori: 'TX2270000', name: 'Austin Police Department', state: 'TX' }).returning('id').executeTakeFirstOrThrow();
    const agency = await database.db.insertInto('agencies').values({ ori: 'AZ0072300', name: 'held name', kind: 'atf' }).returning('id').executeTakeFirstOrThrow();
    const sup = await database.db.insertInto('users').values({ username: 'dwhit', display_name: 'GS D. Whitfield', agency_id: agency.id, roles: ['supervisor'] }).returning('id').executeTakeFirstOrThrow();
    const lead = await database.db.insertInto('users').values({ username: 'mortega', display_name: 'SA M. Ortega', agency_id: agency.id, roles: ['investigator'], supervisor_id: sup.id }).returning('id').executeTakeFirstOrThrow();
    // A user of another agency with the same display name is not the case agent.
    await database.db.insertInto('users').values({ username: 'mortega2', display_name: 'SA M. Ortega', agency_id: other.id, roles: ['investigator'] }).execute();

    const s = await run('cases', [
      caseRow(1),
      caseRow(2, { lead_investigator: 'mortega', supervisor: '' }),
      caseRow(3, { agency_ori: 'NM0010000', agency_name: 'Albuquerque Police Department', agency_state: 'NM', lead_investigator: 'Det. R. Baca', status: 'closed', closed_on: '2010-03-01' }),
    ]);
    expect(s).toMatchObject({ outcome: 'completed', kind: 'cases', counts: { rowsTotal: 3, rowsOk: 3, rowsRejected: 0 } });

    const held = await database.db.selectFrom('cases').selectAll().orderBy('case_number').execute();
    expect(held.map((c) => c.case_number)).toEqual(['ATF-785115-10-0001', 'ATF-785115-10-0002', 'ATF-785115-10-0003']);
    expect(held[0]).toMatchObject({ agency_id: agency.id, title: EXAMPLES.cases.title, status: 'open', opened_on: '2009-10-31', lead_investigator_id: lead.id, lead_investigator_name: 'SA M. Ortega', supervisor_id: sup.id, supervisor_name: 'GS D. Whitfield', source_kind: 'case_import', source_ref: expect.stringMatching(/:2$/), import_batch_id: s.batchId });
    // No supervisor named: the lead's own supervisor, as for a case opened in Interdict.
    expect(held[1]).toMatchObject({ lead_investigator_id: lead.id, supervisor_id: sup.id, supervisor_name: null });
    // A name no user has is kept, unlinked; the agency new to Interdict is made from the row.
    expect(held[2]).toMatchObject({ lead_investigator_id: null, lead_investigator_name: 'Det. R. Baca', status: 'closed', closed_on: '2010-03-01' });
    const made = await database.db.selectFrom('agencies').selectAll().where('ori', '=', 'NM0010000').executeTakeFirstOrThrow();
    expect(made).toMatchObject({ name: 'Albuquerque Police Department', state: 'NM', kind: 'police' });
    // A held agency keeps its name.
    expect((await database.db.selectFrom('agencies').select('name').where('id', '=', agency.id).executeTakeFirstOrThrow()).name).toBe('held name');
  });

  it('is idempotent by case number: a held case is a duplicate, left as it was', async () => {
    const s = await run('cases', [caseRow(1, { title: 'another title' }), caseRow(4)]);
    expect(s).toMatchObject({ outcome: 'completed', counts: { rowsTotal: 2, rowsOk: 1, rowsDuplicate: 1, rowsRejected: 0 } });
    const c = await database.db.selectFrom('cases').select('title').where('case_number', '=', 'ATF-785115-10-0001').executeTakeFirstOrThrow();
    expect(c.title).toBe(EXAMPLES.cases.title);
  });

  it('refuses, with line and field, a number held for another agency, a bad row, and (on an agency import) other agencies', async () => {
    const s = await run('cases', [
      caseRow(1, { agency_ori: 'TX2270000', agency_name: 'Austin Police Department' }),
      caseRow(5, { status: 'closed' }),
      caseRow(6),
    ]);
    expect(s.counts).toMatchObject({ rowsTotal: 3, rowsOk: 1, rowsRejected: 2 });
    // Validation reasons come before the writer's; sorted, they read in line order.
    expect([...s.errors].sort()).toEqual([
      expect.stringMatching(/^line 2, case_number: case ATF-785115-10-0001 is already held for agency AZ0072300, not TX2270000/),
      expect.stringMatching(/^line 3, closed_on: is required when status is closed/),
    ]);

    const austin = await database.db.selectFrom('agencies').select('id').where('ori', '=', 'TX2270000').executeTakeFirstOrThrow();
    const own = await run('cases', [
      caseRow(7, { agency_ori: 'TX2270000', agency_name: 'Austin Police Department', lead_investigator: 'Det. A. Lee' }),
      caseRow(8),
      caseRow(9, { agency_ori: 'CA0194200', agency_name: 'Los Angeles Police Department' }),
    ], { agencyId: austin.id });
    expect(own.counts).toMatchObject({ rowsTotal: 3, rowsOk: 1, rowsRejected: 2 });
    expect([...own.errors].sort()).toEqual([
      expect.stringMatching(/^line 3, agency_ori: AZ0072300 is not the agency importing this file/),
      expect.stringMatching(/^line 4, agency_ori: no agency CA0194200, and an agency's import cannot add one/),
    ]);
    expect(await database.db.selectFrom('agencies').select('id').where('ori', '=', 'CA0194200').executeTakeFirst()).toBeUndefined();
  });

  it('lets a referral name an imported case, and refuses one on an imported closed case', async () => {
    const ok = await run('suspect_guns', [{ ...EXAMPLES.suspect_guns, case_number: 'ATF-785115-10-0001' }]);
    expect(ok.counts).toMatchObject({ rowsOk: 1, rowsRejected: 0 });
    const closed = await run('suspect_guns', [{ ...EXAMPLES.suspect_guns, entry_id: 'SG-2010-0043', case_number: 'ATF-785115-10-0003', agency_ori: 'NM0010000' }]);
    expect(closed.errors).toEqual([expect.stringMatching(/case_number: case ATF-785115-10-0003 is closed/)]);
  });
});
