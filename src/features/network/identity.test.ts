import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { insertBackground, insertRecords } from '../resolution/fixtures.js';
import { forgetWarmLinker, runResolution } from '../resolution/resolve.service.js';
import { loadIdentity } from './identity.js';
import { NATIONAL } from './scope.js';

let database: Database;
let ana: number[];

beforeAll(async () => {
  database = await createTestDatabase();
  await insertBackground(database.db, 600, 11);
  // One woman as a multiple-sale report and a trace write her: no exact key joins the two records (day and month
  // of birth swapped, the ID number missing on the trace), entity resolution does.
  ana = await insertRecords(database.db, [
    { role: 'msr_buyer', given_name: 'Ana', surname: 'Quintero', maternal_surname: 'Salas', dob: '1990-03-12', sex: 'F', id_number: 'D1234567', street: '2215 North 67th Avenue', city: 'Phoenix', state: 'AZ', postcode: '85033' },
    { role: 'trace_buyer', given_name: 'ANA', surname: 'QUINTERO', maternal_surname: 'SALAS', dob: '1990-12-03', sex: 'F', street: '2215 N 67th Ave', city: 'PHOENIX', state: 'AZ', postcode: '85033' },
  ]);
});
afterAll(async () => {
  forgetWarmLinker(database.db);
  await database.close();
});

describe('loadIdentity', () => {
  it('before any resolution run, joins records by exact identity keys only', async () => {
    const id = await loadIdentity(database.db, NATIONAL);
    expect(id.basis).toBe('exact_keys');
    expect(id.personOf(ana[0])).toBe(ana[0]);
    expect(id.personOf(ana[1])).toBe(ana[1]);
  });

  it('after a run, groups records into the resolved persons, under the resolution person id', async () => {
    await runResolution(database.db, { mode: 'full', trigger: 'test', actor: SYSTEM_ACTOR });
    const id = await loadIdentity(database.db, NATIONAL);
    expect(id.basis).toBe('resolved');
    const row = await database.db.selectFrom('resolved_person_records').select(['person_id', 'resolved']).where('person_record_id', '=', ana[1]).executeTakeFirstOrThrow();
    expect(row.resolved).toBe(true);
    const person = Number(row.person_id);
    expect(id.personOf(ana[0])).toBe(person);
    expect(id.personOf(ana[1])).toBe(person);
    expect(id.persons.get(person)?.records).toEqual([...ana].sort((x, y) => x - y));
  });

  it('joins records imported since the run by exact keys among themselves, never into a resolved person', async () => {
    const fresh = await insertRecords(database.db, [
      { role: 'tip_subject', given_name: 'Ana', surname: 'Quintero', maternal_surname: 'Salas', dob: '1990-03-12', id_number: 'D1234567' },
      { role: 'recovery_possessor', given_name: 'Ana', surname: 'Quintero', maternal_surname: 'Salas', dob: '1990-03-12', id_number: 'D1234567' },
    ]);
    const id = await loadIdentity(database.db, NATIONAL);
    const resolvedAna = id.personOf(ana[0]);
    expect(id.personOf(fresh[0])).toBe(Math.min(...fresh));
    expect(id.personOf(fresh[1])).toBe(Math.min(...fresh));
    expect(id.personOf(fresh[0])).not.toBe(resolvedAna);
    expect(id.persons.get(resolvedAna!)?.records).toHaveLength(2);
  });
});
