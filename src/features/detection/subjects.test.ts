import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { Fixture } from './fixtures.js';
import { refreshSubjects } from './subjects.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function subjectOf(id: number): Promise<number> {
  const r = await database.db.selectFrom('detection_subjects').select('subject_id').where('person_record_id', '=', id).executeTakeFirstOrThrow();
  return r.subject_id;
}

describe('subjects: who is who for scoring', () => {
  it('joins records by name and birth date, or by ID number, transitively; keeps others apart', async () => {
    const f = new Fixture(database.db);
    const a = await f.person({ given: 'Ana', surname: 'Ruiz', dob: '1990-01-01', idNumber: 'A111' });
    const b = await f.person({ given: 'Ana', surname: 'Ruiz', dob: '1990-01-01' }); // same name and dob as a
    const c = await f.person({ given: 'Anna', surname: 'Ruis', dob: '1990-10-01', idNumber: 'a-111' }); // same ID as a
    const d = await f.person({ given: 'Ana', surname: 'Ruiz', dob: '1991-01-01' }); // another Ana Ruiz
    const e = await f.person({ given: 'Anna', surname: 'Ruis', dob: '1990-10-01' }); // same name and dob as c: joins through c
    const r = await database.db.transaction().execute((tx) => refreshSubjects(tx));
    expect(r.records).toBe(5);
    expect(new Set([await subjectOf(a), await subjectOf(b), await subjectOf(c), await subjectOf(e)])).toEqual(new Set([a]));
    expect(await subjectOf(d)).toBe(d);
  });

  it('writes only what changed, and follows entity resolution where it has run', async () => {
    const f = new Fixture(database.db);
    const again = await database.db.transaction().execute((tx) => refreshSubjects(tx));
    expect(again.changed).toBe(0);
    const x = await f.person({ given: 'Beto', surname: 'Lara', dob: '1980-02-02' });
    const y = await f.person({ given: 'Roberto', surname: 'Lara Gil', dob: '1980-02-02' });
    const run = await database.db.insertInto('resolution_runs').values({ mode: 'full', trigger: 'test', status: 'completed' }).returning('id').executeTakeFirstOrThrow();
    await database.db.insertInto('persons').values({ id: x, key: String(x), first_run_id: run.id, last_run_id: run.id }).execute();
    await database.db.insertInto('person_links').values([
      { person_record_id: x, person_id: x, run_id: run.id, basis: 'founding' },
      { person_record_id: y, person_id: x, run_id: run.id, basis: 'scored', probability: 0.97 },
    ]).execute();
    const r = await database.db.transaction().execute((tx) => refreshSubjects(tx));
    expect(r.changed).toBe(2);
    expect(await subjectOf(y)).toBe(x);
    const basis = await database.db.selectFrom('detection_subjects').select('basis').where('person_record_id', '=', y).executeTakeFirstOrThrow();
    expect(basis.basis).toBe('resolved');
  });
});
