import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import type { Principal } from '../auth/principal.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { AGE_BRACKETS, TTC_BRACKETS } from './labels.js';
import type { StatsFigures } from './figures.js';
import { applyPendingStats, createStatsService, type StatsService } from './stats.service.js';
import { expectSummaryInSync } from './testing/summary-sync.js';
import { eventDay, expectedFor, percentileCont, type Expected } from './testing/expected.js';
import { insertWorld, makeWorld, type InsertedWorld, type TraceSpec, type WorldSpec } from './testing/world.js';

const NOW = new Date('2024-03-01T12:00:00Z');

let database: Database;
let svc: StatsService;
let world: WorldSpec;
let ins: InsertedWorld;

function principal(visible: number[] | null, roles = ['analyst']): Principal {
  return {
    userId: 1, username: 'tester', displayName: 'Tester', agencyId: visible?.[0] ?? 0, agencyOri: 'X', roles,
    visibleAgencyIds: visible, supervisorId: null, dealerLicence: null,
  };
}

const asMap = (rows: Array<{ key: string; count: number }>): Map<string, number> => new Map(rows.map((r) => [r.key, r.count]));

/** Every figure against the independent count. */
function expectFigures(f: StatsFigures, e: Expected): void {
  expect(f.totals).toMatchObject({
    traces: e.traces, completed: e.completed, notCompleted: e.notCompleted, open: e.open, urgent: e.urgent,
    obliterated: e.obliterated, usSourced: e.usSourced,
  });
  expect(asMap(f.byType)).toEqual(e.byType);
  expect(asMap(f.byCaliber)).toEqual(e.byCaliber);
  expect(asMap(f.byMaker)).toEqual(e.byMaker);
  expect(f.timeToCrime.brackets.map((b) => b.count)).toEqual(e.ttcBrackets);
  expect(f.timeToCrime.brackets.map((b) => b.key)).toEqual(TTC_BRACKETS.map((b) => b.key));
  expect(f.timeToCrime.known).toBe(e.ttcBrackets.reduce((a, b) => a + b, 0));
  if (e.ttcMeanDays === null) expect(f.timeToCrime.meanDays).toBeNull();
  else expect(f.timeToCrime.meanDays).toBeCloseTo(e.ttcMeanDays, 1);
  if (e.ttcMedianDays === null) expect(f.timeToCrime.medianDays).toBeNull();
  else expect(f.timeToCrime.medianDays).toBeCloseTo(e.ttcMedianDays, 1);
  expect(asMap(f.sourceStates)).toEqual(e.sourceStates);
  expect(asMap(f.recoveryPlaces)).toEqual(e.places);
  expect(asMap(f.recoveryCities)).toEqual(e.cities);
  expect(asMap(f.crimeCodes)).toEqual(e.crimeCodes);
  const ages = [...e.ages.entries()];
  expect(f.possessorAge.known).toBe(ages.reduce((n, [, c]) => n + c, 0));
  expect(f.possessorAge.brackets.map((b) => b.count)).toEqual(
    AGE_BRACKETS.map((b) => ages.filter(([a]) => a >= b.min && a <= b.max).reduce((n, [, c]) => n + c, 0)),
  );
  expect(f.possessorAge.medianYears).toBe(percentileCont(ages.flatMap(([a, c]) => Array<number>(c).fill(a)), 0.5));
  expect(asMap(f.completion.reasons)).toEqual(e.reasons);
  expect(asMap(f.byMonth)).toEqual(e.months);
  for (const t of f.turnaround) {
    const x = e.turnaround[t.priority];
    expect(t).toMatchObject({ completed: x.completed, withinTarget: x.within, open: x.open, overdueOpen: x.overdueOpen });
    if (x.median === null) expect(t.medianHours).toBeNull();
    else expect(t.medianHours).toBeCloseTo(x.median, 1);
    if (x.p90 === null) expect(t.p90Hours).toBeNull();
    else expect(t.p90Hours).toBeCloseTo(x.p90, 1);
  }
}

/**
 * Once the queue is applied, the facts table must hold exactly what its source view says, row for row, and the
 * incrementally kept summary must equal one recomputed from the facts.
 */
async function expectFactsInSync(): Promise<void> {
  await applyPendingStats(database.db);
  await expectSummaryInSync(database.db);
  const r = await sql<{ extra: number; missing: number }>`
    SELECT
      (SELECT count(*) FROM (SELECT * FROM stats_trace_facts EXCEPT SELECT * FROM stats_trace_source) x)::int AS extra,
      (SELECT count(*) FROM (SELECT * FROM stats_trace_source EXCEPT SELECT * FROM stats_trace_facts) y)::int AS missing
  `.execute(database.db);
  expect(r.rows[0]).toEqual({ extra: 0, missing: 0 });
}

beforeAll(async () => {
  database = await createTestDatabase();
  svc = createStatsService(database.db);
  world = makeWorld(20240301, 360);
  ins = await database.db.transaction().execute((tx) => insertWorld(tx, world));
});

afterAll(async () => {
  await database?.close();
});

const national = { actor: SYSTEM_ACTOR };
const top = 100;

describe('statistics equal independent counts of a fixture world', () => {
  it('the world has the variety the test relies on', () => {
    const ts = world.traces;
    expect(ts.filter((t) => t.recovery?.country === 'MX').length).toBeGreaterThan(40);
    expect(ts.filter((t) => t.status === 'not_completed').length).toBeGreaterThan(20);
    expect(ts.filter((t) => t.saleDate && t.recovery).length).toBeGreaterThan(100);
    expect(ts.filter((t) => !t.recovery).length).toBeGreaterThan(3);
    expect(new Set(ts.map((t) => t.agency)).size).toBe(3);
  });

  it('national scope: every figure', async () => {
    const r = await svc.stats(national, {}, { now: NOW, top });
    expect(r.scope.national).toBe(true);
    expectFigures(r.figures, expectedFor(world, () => true, NOW));
  });

  it('an agency sees only its own traces, whatever it asks for', async () => {
    const az = ins.agencyIds.get('AZ0070000')!;
    const r = await svc.stats({ principal: principal([az]) }, {}, { now: NOW, top });
    expect(r.scope.national).toBe(false);
    expectFigures(r.figures, expectedFor(world, (t) => t.agency === 'AZ0070000', NOW));
    const tx = await svc.stats({ principal: principal([az]) }, { state: 'Texas' }, { now: NOW, top });
    expectFigures(tx.figures, expectedFor(world, (t) => t.agency === 'AZ0070000' && t.recovery?.state === 'TX', NOW));
  });

  it('a grant widens the scope; an agency outside it is "not found"', async () => {
    const az = ins.agencyIds.get('AZ0070000')!;
    const tx = ins.agencyIds.get('TX2270000')!;
    const both = await svc.stats({ principal: principal([az, tx]) }, {}, { now: NOW, top });
    expectFigures(both.figures, expectedFor(world, (t) => t.agency !== 'CA0190000', NOW));
    await expect(svc.stats({ principal: principal([az]) }, { agency: 'CA0190000' }, { now: NOW })).rejects.toMatchObject({ status: 404 });
    await expect(svc.stats({ principal: principal([az]) }, { agency: 'ZZ9999999' }, { now: NOW })).rejects.toMatchObject({ status: 404 });
    const own = await svc.stats({ principal: principal([az, tx]) }, { agency: 'tx2270000' }, { now: NOW, top });
    expectFigures(own.figures, expectedFor(world, (t) => t.agency === 'TX2270000', NOW));
  });

  it('a US state and a year', async () => {
    const r = await svc.stats(national, { state: 'TX', from: '2022-01-01', to: '2022-12-31' }, { now: NOW, top });
    expectFigures(r.figures, expectedFor(world, (t) => t.recovery?.state === 'TX' && eventDay(t) >= '2022-01-01' && eventDay(t) <= '2022-12-31', NOW));
    expect(r.scope.description).toBe('Traces recovered in Texas, from 2022-01-01 to 2022-12-31');
  });

  it('Mexico, and one Mexican state by name', async () => {
    const mx = await svc.stats(national, { country: 'mx' }, { now: NOW, top });
    expectFigures(mx.figures, expectedFor(world, (t) => t.recovery?.country === 'MX', NOW));
    const son = await svc.stats(national, { mxState: 'Sonora' }, { now: NOW, top });
    expectFigures(son.figures, expectedFor(world, (t) => t.recovery?.mxState === 'SON', NOW));
  });

  it('a dealer', async () => {
    const lic = '5-74-029-02-1B-00004';
    const r = await svc.stats(national, { dealer: lic }, { now: NOW, top });
    expectFigures(r.figures, expectedFor(world, (t) => t.dealer === lic, NOW));
    expect(r.figures.totals.traces).toBeGreaterThan(0);
  });

  it('a case: its case numbers on traces, and its recovered suspect guns', async () => {
    const az = ins.agencyIds.get('AZ0070000')!;
    // The case row exists, and one of its suspect guns was recovered by a trace that carries no case number.
    const lonely = world.traces.findIndex((t) => !t.caseNumber && !t.atfCaseNumber && t.agency === 'AZ0070000');
    await database.db.transaction().execute(async (tx) => {
      const c = await tx.insertInto('cases').values({ case_number: 'AZ-2022-0001', agency_id: az, title: 'Test case', opened_on: '2022-01-01' }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('suspect_guns').values({
        case_id: c.id, firearm_id: ins.firearmIds[lonely]!, reason: 'test', status: 'recovered', review_on: '2023-01-01',
        recovered_trace_id: ins.traceIds[lonely]!, source_kind: 'test', source_ref: 'test',
      }).execute();
    });
    const r = await svc.stats(national, { case: 'AZ-2022-0001' }, { now: NOW, top });
    const keep = (t: TraceSpec): boolean => t.caseNumber === 'AZ-2022-0001' || t === world.traces[lonely];
    expectFigures(r.figures, expectedFor(world, keep, NOW));
    // Narrow scopes are audited.
    const audit = await database.db.selectFrom('audit_events').select(['action', 'target_id']).where('action', '=', 'stats.read').execute();
    expect(audit).toContainEqual({ action: 'stats.read', target_id: 'AZ-2022-0001' });
    // Another agency cannot use the case, and learns nothing about whether it exists.
    const tx = ins.agencyIds.get('TX2270000')!;
    await expect(svc.stats({ principal: principal([tx]) }, { case: 'AZ-2022-0001' }, { now: NOW })).rejects.toMatchObject({ status: 404 });
    const atf = await svc.stats(national, { case: '785115-22-0042' }, { now: NOW, top });
    expectFigures(atf.figures, expectedFor(world, (t) => t.atfCaseNumber === '785115-22-0042', NOW));
  });

  it('bad scopes are refused with a reason', async () => {
    await expect(svc.stats(national, { state: 'Atlantis' })).rejects.toMatchObject({ status: 400 });
    await expect(svc.stats(national, { mxState: 'SON', country: 'US' })).rejects.toMatchObject({ status: 400 });
    await expect(svc.stats(national, { from: '2023-01-01', to: '2022-01-01' })).rejects.toMatchObject({ status: 400 });
  });

  it('an empty scope gives zeros, not errors', async () => {
    const r = await svc.stats(national, { from: '1990-01-01', to: '1990-12-31' }, { now: NOW });
    expect(r.figures.totals.traces).toBe(0);
    expect(r.figures.timeToCrime.meanYears).toBeNull();
    expect(r.figures.completion.completionRate).toBeNull();
    expect(r.figures.turnaround.every((t) => t.withinTargetShare === null)).toBe(true);
  });
});

describe('the facts stay current as the sources change', () => {
  it('facts match their sources after the load', async () => {
    await expectFactsInSync();
  });

  it('a trace worked to completion, a recovery moved, a caliber corrected, a dealer moved, a birth date fixed', async () => {
    const open = world.traces.findIndex((t) => t.status === 'in_progress');
    const db = database.db;
    await db.updateTable('trace_requests').set({ status: 'completed', completed_at: new Date('2024-02-01T00:00:00Z') }).where('id', '=', ins.traceIds[open]!).execute();
    const withRec = ins.recoveryIds.findIndex((x) => x !== null);
    await db.updateTable('recoveries').set({ state: 'NM', city: 'LAS CRUCES', country: 'US', mx_state: null }).where('id', '=', ins.recoveryIds[withRec]!).execute();
    await db.updateTable('firearms').set({ caliber: '.45 ACP' }).where('id', '=', ins.firearmIds[3]!).execute();
    await db.updateTable('dealers').set({ state: 'NV' }).where('licence_number', '=', '9-86-013-01-1A-00002').execute();
    const withPerson = ins.personIds.findIndex((x) => x !== null);
    await db.updateTable('person_records').set({ dob: '1999-12-31' }).where('id', '=', ins.personIds[withPerson]!).execute();
    // An update that touches nothing the facts read must leave them alone (and still in sync).
    await db.updateTable('trace_requests').set({ special_instructions: 'none' }).execute();
    await expectFactsInSync();
    const r = await svc.stats(national, { state: 'NM' }, { now: NOW });
    expect(r.figures.totals.traces).toBeGreaterThanOrEqual(1);
    const nv = await svc.stats(national, {}, { now: NOW, top });
    expect(nv.figures.sourceStates.find((s) => s.key === 'NV')?.count ?? 0).toBeGreaterThan(0);
  });

  it('catch-up adds facts for traces loaded with triggers off; a full rebuild reproduces them', async () => {
    await sql`DELETE FROM stats_trace_facts WHERE trace_id IN (SELECT trace_id FROM stats_trace_facts ORDER BY trace_id LIMIT 25)`.execute(database.db);
    const caught = await svc.refresh(false);
    expect(caught).toEqual({ mode: 'catch_up', rows: 25 });
    await expectFactsInSync();
    const full = await svc.refresh(true);
    expect(full).toEqual({ mode: 'full', rows: world.traces.length });
    await expectFactsInSync();
  });

  it('a deleted trace leaves no fact behind', async () => {
    const id = ins.traceIds[ins.traceIds.length - 1]!;
    await database.db.deleteFrom('trace_requests').where('id', '=', id).execute();
    const n = await database.db.selectFrom('stats_trace_facts').select('trace_id').where('trace_id', '=', id).execute();
    expect(n).toHaveLength(0);
  });
});
