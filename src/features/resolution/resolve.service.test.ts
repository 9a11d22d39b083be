import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { FAMILY, insertBackground, insertRecords } from './fixtures.js';
import { forgetWarmLinker, runResolution, type ResolveOptions } from './resolve.service.js';
import { decidePair } from './review.service.js';
import type { LinkReason } from './reasons.js';

let database: Database;
const opts = (mode: 'full' | 'incremental'): ResolveOptions => ({ mode, trigger: 'test', actor: SYSTEM_ACTOR });

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function personOf(id: number): Promise<number> {
  const r = await sql<{ p: number }>`SELECT person_of(${id}) AS p`.execute(database.db);
  return Number(r.rows[0].p);
}

async function viewOf(ids: number[]): Promise<Map<number, number>> {
  const rows = await database.db.selectFrom('resolved_person_records').select(['person_record_id', 'person_id']).where('person_record_id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.person_record_id), Number(r.person_id)]));
}

describe('resolve over the database', () => {
  let ana: number[];
  let family: number[];
  let triple: number[];
  let bob: number[];
  let before: Map<number, number>;

  beforeAll(async () => {
    await insertBackground(database.db, 1500, 7);
    // Ana: a buyer on a multiple-sale report, and the first buyer a dealer named in a trace, written differently.
    ana = await insertRecords(database.db, [
      { role: 'msr_buyer', source_kind: 'multiple_sale', given_name: 'Ana', surname: 'Quintero', maternal_surname: 'Salas', dob: '1990-03-12', sex: 'F', id_number: 'D1234567', street: '2215 North 67th Avenue Apt 4', city: 'Phoenix', state: 'AZ', postcode: '85033' },
      { role: 'trace_buyer', source_kind: 'trace_result', given_name: 'ANA', surname: 'QUINTERO', dob: '1990-12-03', sex: 'F', street: '2215 N 67th Ave', city: 'PHOENIX', state: 'AZ', postcode: '85033' },
    ]);
    family = await insertRecords(database.db, FAMILY.map((f) => ({ ...f, role: 'msr_buyer' })));
    // One person written three ways, each pair strong: the rejection test splits it.
    triple = await insertRecords(database.db, [
      { given_name: 'Teodoro', surname: 'Villalobos', maternal_surname: 'Quiroga', dob: '1979-08-21', id_number: 'T5550001', city: 'Tucson', state: 'AZ' },
      { given_name: 'Teodoro', surname: 'Villalobos', dob: '1979-08-21', city: 'Tucson', state: 'AZ', role: 'trace_possessor' },
      { given_name: 'Teodoro', surname: 'Villalobos', maternal_surname: 'Quiroga', dob: '1979-08-21', id_number: 'T5550001', role: 'tip_subject' },
    ]);
    // Two records an analyst knows are one man; the scores alone keep them apart.
    bob = await insertRecords(database.db, [
      { given_name: 'Bartholomew', surname: 'Ashcroft', dob: '1966-05-01', city: 'Yuma', state: 'AZ' },
      { given_name: 'Bart', surname: 'Ashcroft-Lyle', dob: '1967-01-15', city: 'El Centro', state: 'CA' },
    ]);
  });

  it('answers resolved_person_records and person_of() before any run: one person per record', async () => {
    const v = await viewOf([...ana, ...family]);
    for (const id of [...ana, ...family]) expect(v.get(id)).toBe(id);
    expect(await personOf(ana[1])).toBe(ana[1]);
    const none = await sql<{ p: number | null }>`SELECT person_of(${-5}) AS p`.execute(database.db);
    expect(none.rows[0].p).toBeNull();
  });

  it('joins records from two sources into one person, with the reason in words', async () => {
    const s = await runResolution(database.db, opts('full'));
    expect(s.path).toBe('full');
    expect(s.records).toBeGreaterThan(1500);
    expect(s.linksWritten).toBe(s.records);
    const v = await viewOf(ana);
    expect(v.get(ana[0])).toBe(v.get(ana[1]));
    // The person is named after its oldest record.
    expect(v.get(ana[0])).toBe(ana[0]);
    const link = await database.db.selectFrom('person_links').selectAll().where('person_record_id', '=', ana[1]).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ person_id: ana[0], linked_to: ana[0], basis: 'scored' });
    const reason = link.explanation as unknown as LinkReason;
    expect(reason.probability).toBeGreaterThan(0.5);
    const words = reason.fields.map((f) => f.text).join('; ');
    expect(words).toMatch(/birth dates with day and month swapped/);
    expect(words).toMatch(/maternal surname dropped/);
    const founding = await database.db.selectFrom('person_links').selectAll().where('person_record_id', '=', ana[0]).executeTakeFirstOrThrow();
    expect(founding).toMatchObject({ basis: 'founding', linked_to: null, explanation: null });
    const person = await database.db.selectFrom('persons').selectAll().where('id', '=', ana[0]).executeTakeFirstOrThrow();
    expect(person).toMatchObject({ record_count: 2, display_name: 'Ana Quintero Salas', dob: expect.stringMatching(/^1990-/) });
    const run = await database.db.selectFrom('resolution_runs').selectAll().where('id', '=', s.runId!).executeTakeFirstOrThrow();
    expect(run.status).toBe('completed');
    expect((run.model as { comparisons: unknown[] }).comparisons.length).toBeGreaterThan(5);
    const audit = await database.db.selectFrom('audit_events').select('action').where('action', '=', 'resolution.run').execute();
    expect(audit.length).toBe(1);
  });

  it('keeps family members who share surname, address and phone apart', async () => {
    const v = await viewOf(family);
    expect(new Set(family.map((id) => v.get(id))).size).toBe(4);
  });

  it('fills the review queue with uncertain pairs and their explanations', async () => {
    const items = await database.db.selectFrom('resolution_review_items').selectAll().execute();
    expect(items.length).toBeGreaterThan(0);
    for (const i of items.slice(0, 20)) {
      expect(i.probability).toBeGreaterThanOrEqual(0.1 - 1e-6);
      expect(i.probability).toBeLessThan(0.9 + 1e-6);
      expect(i.status).toBe('pending');
      expect((i.explanation as unknown as LinkReason).fields.length).toBeGreaterThan(0);
    }
  });

  it('an incremental run with nothing new does nothing', async () => {
    const s = await runResolution(database.db, opts('incremental'));
    expect(s.path).toBe('noop');
    expect(s.runId).toBeNull();
  });

  it('keeps person ids stable when records are added, and resolves the new ones incrementally (warm)', async () => {
    before = await viewOf((await database.db.selectFrom('person_links').select('person_record_id').execute()).map((r) => r.person_record_id));
    const added = await insertRecords(database.db, [
      { role: 'trace_possessor', source_kind: 'trace_request', given_name: 'Ana', surname: 'Quintero Salas', dob: '1990-03-12', id_number: 'D1234567' },
      { given_name: 'Zacarias', surname: 'Ybarra', maternal_surname: 'Olmos', dob: '1951-07-07', city: 'Laredo', state: 'TX' },
    ]);
    const s = await runResolution(database.db, opts('incremental'));
    expect(s.path).toBe('warm');
    expect(s.newRecords).toBe(2);
    // Only the new records' blocks were scored, and only the persons they touched were rewritten.
    expect(s.personsTouched).toBeLessThanOrEqual(3);
    const after = await viewOf([...before.keys(), ...added]);
    let moved = 0;
    for (const [id, p] of before) if (after.get(id) !== p) moved++;
    expect(moved).toBe(0);
    expect(after.get(added[0])).toBe(ana[0]);
    expect(after.get(added[1])).toBe(added[1]);
  });

  it('resolves incrementally from the stored model when the process holds no linker (cold)', async () => {
    forgetWarmLinker(database.db);
    const [late] = await insertRecords(database.db, [{ role: 'tip_subject', source_kind: 'tip', given_name: 'Ana', surname: 'Quintero', dob: '1990-03-12', city: 'Phoenix', state: 'AZ' }]);
    const s = await runResolution(database.db, opts('incremental'));
    expect(s.path).toBe('cold');
    expect(s.newRecords).toBe(1);
    expect(await personOf(late)).toBe(ana[0]);
    const after = await viewOf([...before.keys()]);
    let moved = 0;
    for (const [id, p] of before) if (after.get(id) !== p) moved++;
    expect(moved).toBe(0);
  });

  it('a rejected pair stays apart in the next run, even through a record linked to both', async () => {
    const v = await viewOf(triple);
    expect(new Set(triple.map((id) => v.get(id))).size).toBe(1);
    await database.db.transaction().execute((tx) => decidePair(tx, SYSTEM_ACTOR, { a: triple[2], b: triple[0], decision: 'rejected', note: 'two men, father and son' }));
    const s = await runResolution(database.db, opts('incremental'));
    expect(s.path).toBe('warm');
    const w = await viewOf(triple);
    expect(w.get(triple[0])).not.toBe(w.get(triple[2]));
    // The person keeps its id on the side that keeps its oldest record.
    expect(w.get(triple[0])).toBe(triple[0]);
    // And a full run, re-trained from scratch, honours the answer too.
    await runResolution(database.db, opts('full'));
    const f = await viewOf(triple);
    expect(f.get(triple[0])).not.toBe(f.get(triple[2]));
  });

  it('a confirmed pair is joined, and the link says an analyst confirmed it', async () => {
    const v = await viewOf(bob);
    expect(v.get(bob[0])).not.toBe(v.get(bob[1]));
    await database.db.transaction().execute((tx) => decidePair(tx, SYSTEM_ACTOR, { a: bob[0], b: bob[1], decision: 'confirmed', note: 'same man, licence photo' }));
    forgetWarmLinker(database.db);
    const s = await runResolution(database.db, opts('incremental'));
    expect(s.path).toBe('cold');
    expect(await personOf(bob[1])).toBe(await personOf(bob[0]));
    const link = await database.db.selectFrom('person_links').selectAll().where('person_record_id', '=', bob[1]).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ basis: 'confirmed', linked_to: bob[0] });
  });

  it('unlinks a purged record and retires a person left without records', async () => {
    const [lone] = await insertRecords(database.db, [{ given_name: 'Ophelia', surname: 'Marchetti', dob: '1944-02-02' }]);
    await runResolution(database.db, opts('incremental'));
    expect(await personOf(lone)).toBe(lone);
    await database.db.updateTable('person_records').set({ given_name: null, surname: null, full_name: null, dob: null, given_norm: null, surname_norm: null }).where('id', '=', lone).execute();
    const s = await runResolution(database.db, opts('incremental'));
    expect(s.path).toBe('cold');
    expect(s.personsRetired).toBe(1);
    const link = await database.db.selectFrom('person_links').select('person_record_id').where('person_record_id', '=', lone).executeTakeFirst();
    expect(link).toBeUndefined();
    const p = await database.db.selectFrom('persons').select(['retired_at', 'record_count']).where('id', '=', lone).executeTakeFirstOrThrow();
    expect(p.retired_at).not.toBeNull();
    expect(p.record_count).toBe(0);
  });
});
