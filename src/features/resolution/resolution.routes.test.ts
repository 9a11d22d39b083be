import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { agencyId, insertBackground, insertRecords } from './fixtures.js';
import type { PersonView, ReviewItemView } from './persons.query.js';
import { runResolution } from './resolve.service.js';

let t: TestApp;
let ana: number[];
let national: { authorization: string };
let localA: { authorization: string };
let localB: { authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.ctx.db;
  await agencyId(db, 'ATF000001', 'atf');
  const a = await agencyId(db, 'AZ0070000');
  await agencyId(db, 'TX0010000');
  await insertBackground(db, 1200, 11);
  ana = await insertRecords(db, [
    // Taken in nationally (a dealer's multiple-sale report): no agency.
    { role: 'msr_buyer', source_kind: 'multiple_sale', given_name: 'Ana', surname: 'Quintero', maternal_surname: 'Salas', dob: '1990-03-12', id_number: 'D1234567', street: '2215 N 67th Ave', city: 'Phoenix', state: 'AZ' },
    // The possessor of a gun recovered by agency A.
    { role: 'trace_possessor', source_kind: 'trace_request', given_name: 'Ana', surname: 'Quintero', dob: '1990-03-12', id_number: 'D1234567', city: 'Phoenix', state: 'AZ', agency_id: a },
  ]);
  await runResolution(db, { mode: 'full', trigger: 'test', actor: SYSTEM_ACTOR });
  national = await t.as('nadia', ['analyst'], 'ATF000001');
  localA = await t.as('amy', ['analyst'], 'AZ0070000');
  localB = await t.as('ben', ['analyst'], 'TX0010000');
});
afterAll(async () => {
  await t.close();
});

describe('persons API', () => {
  it('shows the records behind a person with their sources and why they were joined, and audits the read', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/persons/${ana[0]}?reason=CASE-17`, headers: national });
    expect(res.statusCode).toBe(200);
    const v = res.json<PersonView>();
    expect(v.person).toMatchObject({ id: ana[0], display_name: 'Ana Quintero Salas', resolved: true });
    expect(v.records.map((r) => r.id)).toEqual(ana);
    expect(v.records[0].link).toMatchObject({ basis: 'founding', linked_to: null });
    expect(v.records[1].link).toMatchObject({ basis: 'scored', linked_to: ana[0] });
    expect(v.records[1].link!.explanation!.fields.map((f) => f.text).join('; ')).toMatch(/ID numbers identical|identical/);
    expect(v.records[1].agency_ori).toBe('AZ0070000');
    const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'target_id', 'reason']).where('action', '=', 'person.read').execute();
    expect(audit).toEqual([{ action: 'person.read', target_id: String(ana[0]), reason: 'CASE-17' }]);
  });

  it('finds persons by name and birth date', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/persons?q=quintero%201990-03-12', headers: national });
    expect(res.statusCode).toBe(200);
    const hits = res.json<{ persons: { person_id: number; records: number; roles: string[] }[] }>().persons;
    expect(hits[0]).toMatchObject({ person_id: ana[0], records: 2 });
    expect(hits[0].roles.sort()).toEqual(['msr_buyer', 'trace_possessor']);
    const audit = await t.ctx.db.selectFrom('audit_events').select('details').where('action', '=', 'person.search').execute();
    expect(audit.length).toBe(1);
  });

  it('scopes by agency: an agency sees only its own records of a person, another agency nothing', async () => {
    const a = await t.app.inject({ method: 'GET', url: `/api/v1/persons/${ana[0]}`, headers: localA });
    expect(a.statusCode).toBe(200);
    const v = a.json<PersonView>();
    expect(v.records.map((r) => r.id)).toEqual([ana[1]]);
    // Its link runs to a record agency A may not see: the link is not shown.
    expect(v.records[0].link).toMatchObject({ basis: 'hidden', linked_to: null, explanation: null });
    const b = await t.app.inject({ method: 'GET', url: `/api/v1/persons/${ana[0]}`, headers: localB });
    expect(b.statusCode).toBe(404);
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/persons/999999999', headers: localB });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toEqual(b.json());
    const s = await t.app.inject({ method: 'GET', url: '/api/v1/persons?q=quintero', headers: localB });
    expect(s.json<{ persons: unknown[] }>().persons).toEqual([]);
  });

  it('refuses roles without person:read', async () => {
    const req = await t.as('rita', ['requester']);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/persons/${ana[0]}`, headers: req });
    expect(res.statusCode).toBe(403);
  });
});

describe('review API', () => {
  let item: ReviewItemView;

  it('lists uncertain pairs side by side with the explanation', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/resolution/review?limit=5', headers: national });
    expect(res.statusCode).toBe(200);
    const r = res.json<{ total: number; items: ReviewItemView[] }>();
    expect(r.total).toBeGreaterThan(0);
    item = r.items[0];
    expect(item.status).toBe('pending');
    expect(item.a.id).toBeLessThan(item.b.id);
    expect(item.explanation.fields.length).toBeGreaterThan(0);
    expect(item.a.person_id).toBeGreaterThan(0);
    // Agency A sees no pair of national records.
    const a = await t.app.inject({ method: 'GET', url: '/api/v1/resolution/review', headers: localA });
    expect(a.json<{ total: number }>().total).toBe(0);
  });

  it('records an answer with a note, audited, and refuses it out of scope', async () => {
    const out = await t.app.inject({ method: 'POST', url: `/api/v1/resolution/review/${item.id}`, headers: localA, payload: { decision: 'rejected' } });
    expect(out.statusCode).toBe(404);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/resolution/review/${item.id}`, headers: national, payload: { decision: 'rejected', note: 'different mothers named on the IDs' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: item.id, status: 'rejected', recordA: item.a.id, recordB: item.b.id });
    const d = await t.ctx.db.selectFrom('resolution_constraints').selectAll().where('record_a_id', '=', item.a.id).where('record_b_id', '=', item.b.id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({ decision: 'rejected', note: 'different mothers named on the IDs' });
    const answered = await t.app.inject({ method: 'GET', url: '/api/v1/resolution/review?status=rejected', headers: national });
    expect(answered.json<{ items: ReviewItemView[] }>().items.map((i) => [i.id, i.reviewer])).toEqual([[item.id, 'nadia']]);
    const audit = await t.ctx.db.selectFrom('audit_events').select('action').where('action', '=', 'resolution.decision').execute();
    expect(audit.length).toBe(1);
  });

  it('starts a run as a job and lists runs; the answer holds in that run', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/resolution/runs', headers: national, payload: { mode: 'incremental' } });
    expect(res.statusCode).toBe(202);
    const { jobId } = res.json<{ jobId: number }>();
    await t.ctx.jobs.drain();
    const job = await t.ctx.jobs.get(jobId);
    expect(job).toMatchObject({ status: 'completed' });
    const runs = await t.app.inject({ method: 'GET', url: '/api/v1/resolution/runs', headers: national });
    const list = runs.json<{ runs: { id: number; mode: string; status: string }[] }>().runs;
    expect(list.map((r) => [r.mode, r.status])).toEqual([['incremental', 'completed'], ['full', 'completed']]);
    const pa = await t.ctx.db.selectFrom('resolved_person_records').select('person_id').where('person_record_id', '=', item.a.id).executeTakeFirstOrThrow();
    const pb = await t.ctx.db.selectFrom('resolved_person_records').select('person_id').where('person_record_id', '=', item.b.id).executeTakeFirstOrThrow();
    expect(pa.person_id).not.toBe(pb.person_id);
    const forbidden = await t.app.inject({ method: 'POST', url: '/api/v1/resolution/runs', headers: await t.as('ivan', ['investigator']), payload: {} });
    expect(forbidden.statusCode).toBe(403);
  });
});
