import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import type { Principal } from '../auth/principal.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { resolveScope, type StatsScopeInput } from './scope.js';
import { applyPendingStats, computeFigures, createStatsService } from './stats.service.js';
import { bucketPercentiles, summaryCanAnswer } from './summary.js';
import { expectedFor, percentileCont } from './testing/expected.js';
import { insertWorld, makeWorld, type InsertedWorld, type WorldSpec } from './testing/world.js';
import { expectMapCellsInSync, expectSummaryInSync } from './testing/summary-sync.js';
import { buildMap, type MapData } from './map.js';
import { compactStats, compactStatsIfDue } from './refresh.js';

const NOW = new Date('2024-03-01T12:00:00Z');
let database: Database;
let world: WorldSpec;
let ins: InsertedWorld;

function principal(visible: number[]): Principal {
  return {
    userId: 1, username: 'tester', displayName: 'Tester', agencyId: visible[0]!, agencyOri: 'X', roles: ['analyst'],
    visibleAgencyIds: visible, supervisorId: null, dealerLicence: null,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  world = makeWorld(424242, 300);
  ins = await database.db.transaction().execute((tx) => insertWorld(tx, world));
});

afterAll(async () => {
  await database?.close();
});

describe('exact percentiles from a histogram', () => {
  it('equal percentile_cont over the values, reading only the buckets that hold the ranks', async () => {
    const values = [5, 1, 9, 14, 3, 3, 27, 8, 8, 8, 40, 2, 11];
    const width = 10;
    const hist = new Map<number, number>();
    for (const v of values) hist.set(Math.floor(v / width), (hist.get(Math.floor(v / width)) ?? 0) + 1);
    const read: number[] = [];
    const got = await bucketPercentiles([...hist.entries()], [0.5, 0.9, 0, 1], async (b) => {
      read.push(b);
      return values.filter((v) => Math.floor(v / width) === b).sort((x, y) => x - y);
    });
    expect(got).toEqual([0.5, 0.9, 0, 1].map((p) => percentileCont(values, p)));
    read.length = 0;
    // The median (8) and the minimum (1) both sit in bucket 0-9: no other bucket is read.
    expect(await bucketPercentiles([...hist.entries()], [0.5, 0], async (b) => {
      read.push(b);
      return values.filter((v) => Math.floor(v / width) === b).sort((x, y) => x - y);
    })).toEqual([8, 1]);
    expect(read).toEqual([0]);
    expect(await bucketPercentiles([], [0.5], async () => [])).toEqual([null]);
  });

  it('a bucket whose values disagree with its count is a mismatch, not a wrong answer', async () => {
    await expect(bucketPercentiles([[0, 3]], [0.5], async () => [1, 2])).rejects.toThrow(/summary says 3/);
  });
});

describe('summary answers equal the detailed query', () => {
  const scopes: Array<[string, StatsScopeInput]> = [
    ['national', {}],
    ['one year', { from: '2022-01-01', to: '2022-12-31' }],
    ['two years', { from: '2022-01-01', to: '2023-12-31' }],
    ['from a year on', { from: '2023-01-01' }],
    ['a US state', { state: 'TX' }],
    ['a US state and a year', { state: 'AZ', from: '2023-01-01', to: '2023-12-31' }],
    ['Mexico', { country: 'MX' }],
    ['a Mexican state', { mxState: 'SON' }],
    ['the United States', { country: 'US' }],
    ['an empty year', { from: '1999-01-01', to: '1999-12-31' }],
  ];
  it.each(scopes)('%s', async (_name, input) => {
    const scope = await resolveScope(database.db, null, input);
    expect(summaryCanAnswer(scope)).toBe(true);
    const fromSummary = await computeFigures(database.db, scope, NOW, 100);
    const detailed = await computeFigures(database.db, scope, NOW, 100, { detailed: true });
    expect(fromSummary).toEqual(detailed);
  });

  it('scopes the summary is not keyed by go to the facts', async () => {
    const az = ins.agencyIds.get('AZ0070000')!;
    const no = [
      await resolveScope(database.db, principal([az]), {}),
      await resolveScope(database.db, null, { agency: 'AZ0070000' }),
      await resolveScope(database.db, null, { dealer: '5-74-029-02-1B-00004' }),
      await resolveScope(database.db, null, { case: 'AZ-2022-0001' }),
      await resolveScope(database.db, null, { from: '2022-03-01', to: '2022-12-31' }),
      await resolveScope(database.db, null, { from: '2022-01-01', to: '2022-06-30' }),
    ];
    for (const s of no) expect(summaryCanAnswer(s)).toBe(false);
  });
});

describe('the summary never answers for a caller limited to some agencies', () => {
  it('a summary altered by hand changes national figures and no agency-scoped one', async () => {
    const svc = createStatsService(database.db);
    const az = ins.agencyIds.get('AZ0070000')!;
    const tx = ins.agencyIds.get('TX2270000')!;
    const before = await svc.stats({ principal: principal([az, tx]) }, { from: '2022-01-01', to: '2022-12-31' }, { now: NOW, top: 100 });
    const nationalBefore = await svc.stats({ actor: SYSTEM_ACTOR }, {}, { now: NOW });
    // Folded first: the cells live in the summary table, not only in the delta.
    await compactStats(database.db);
    await sql`UPDATE stats_summary SET n = n + 1000 WHERE dim = 'all'`.execute(database.db);
    try {
      const nationalAfter = await svc.stats({ actor: SYSTEM_ACTOR }, {}, { now: NOW });
      // The alteration shows where the summary is read: the check below is not vacuous.
      expect(nationalAfter.figures.totals.traces).toBeGreaterThan(nationalBefore.figures.totals.traces);
      const after = await svc.stats({ principal: principal([az, tx]) }, { from: '2022-01-01', to: '2022-12-31' }, { now: NOW, top: 100 });
      expect(after.figures).toEqual(before.figures);
      const keep = (t: (typeof world.traces)[number]): boolean =>
        t.agency !== 'CA0190000' && (t.recovery?.on ?? t.submittedAt.toISOString().slice(0, 10)).startsWith('2022');
      expect(after.figures.totals.traces).toBe(expectedFor(world, keep, NOW).traces);
    } finally {
      await sql`SELECT interdict_stats_summary_rebuild()`.execute(database.db);
    }
    await expectSummaryInSync(database.db);
  });
});

describe('writers queue; the refresh hook applies', () => {
  it('new traces wait in the queue, are counted after applyPendingStats, and the summary follows', async () => {
    const extra = makeWorld(777, 40);
    // The same agencies and dealers exist already (insertWorld reuses them): the traces are new.
    const more = await database.db.transaction().execute((tx) => insertWorld(tx, extra, 'x'));
    const missing = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM trace_requests t WHERE NOT EXISTS (SELECT 1 FROM stats_trace_facts f WHERE f.trace_id = t.id)`.execute(database.db);
    expect(missing.rows[0]!.n).toBe(more.traceIds.length);
    expect(await applyPendingStats(database.db)).toBe(more.traceIds.length);
    expect(await applyPendingStats(database.db)).toBe(0);
    await expectSummaryInSync(database.db);
    const scope = await resolveScope(database.db, null, {});
    const f = await computeFigures(database.db, scope, NOW, 100);
    expect(f.totals.traces).toBe(world.traces.length + extra.traces.length);
    expect(f).toEqual(await computeFigures(database.db, scope, NOW, 100, { detailed: true }));
  });

  it('an apply appends to the summary delta, in proportion to the change; the fold moves it into the summary and changes no figure', async () => {
    const deltaRows = async (): Promise<number> => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM stats_summary_delta`.execute(database.db)).rows[0]!.n;
    await compactStatsIfDue(database.db, 0);
    expect(await deltaRows()).toBe(0);
    const scope = await resolveScope(database.db, null, {});
    const one = makeWorld(778, 1);
    await database.db.transaction().execute((tx) => insertWorld(tx, one, 'y'));
    expect(await applyPendingStats(database.db, { compactAt: Number.MAX_SAFE_INTEGER })).toBe(1);
    // One trace adds its own cells (about 40, place and the two roll-ups), not a rewrite of the summary.
    const forOne = await deltaRows();
    expect(forOne).toBeGreaterThan(10);
    expect(forOne).toBeLessThan(60);
    const extra = makeWorld(779, 30);
    await database.db.transaction().execute((tx) => insertWorld(tx, extra, 'z'));
    expect(await applyPendingStats(database.db, { compactAt: Number.MAX_SAFE_INTEGER })).toBe(extra.traces.length);
    const before = await computeFigures(database.db, scope, NOW, 100);
    expect(before.totals.traces).toBe(world.traces.length + 40 + 1 + extra.traces.length);
    expect(before).toEqual(await computeFigures(database.db, scope, NOW, 100, { detailed: true }));
    await expectSummaryInSync(database.db);
    const pending = await deltaRows();
    // Not due below the threshold; due above it.
    expect(await compactStatsIfDue(database.db, pending)).toBe(0);
    expect(await deltaRows()).toBe(pending);
    expect(await compactStatsIfDue(database.db, pending - 1)).toBeGreaterThan(0);
    expect(await deltaRows()).toBe(0);
    expect(await computeFigures(database.db, scope, NOW, 100)).toEqual(before);
    await expectSummaryInSync(database.db);
    await expectMapCellsInSync(database.db);
  });

  it('a reader applies what is queued, so a trace just worked shows at once', async () => {
    const open = await database.db.selectFrom('trace_requests').select('id').where('status', '=', 'in_progress').executeTakeFirstOrThrow();
    const scope = await resolveScope(database.db, null, {});
    const before = await computeFigures(database.db, scope, NOW);
    await database.db.updateTable('trace_requests').set({ status: 'completed', completed_at: new Date('2024-02-01T00:00:00Z') }).where('id', '=', open.id).execute();
    const queued = await sql<{ n: number }>`SELECT count(*)::int AS n FROM stats_pending`.execute(database.db);
    expect(queued.rows[0]!.n).toBe(1);
    const after = await computeFigures(database.db, scope, NOW);
    expect(after.totals.completed).toBe(before.totals.completed + 1);
    await expectSummaryInSync(database.db);
  });
});

describe('the map from its cells (migration 0507) equals the map from the facts', () => {
  const sorted = (m: MapData): MapData => {
    const k = (x: { period: string }, ...rest: unknown[]): string => JSON.stringify([x.period, ...rest]);
    return {
      ...m,
      recoveries: [...m.recoveries].sort((a, b) => k(a, a.lat, a.lon).localeCompare(k(b, b.lat, b.lon))),
      places: [...m.places].sort((a, b) => k(a, a.key).localeCompare(k(b, b.key))),
      dealers: [...m.dealers].sort((a, b) => b.total - a.total || a.id - b.id),
      flows: [...m.flows].sort((a, b) => k(a, a.from.key, a.to.key).localeCompare(k(b, b.from.key, b.to.key))),
    };
  };
  const cases: Array<[string, StatsScopeInput, 'year' | 'month', number]> = [
    ['national by year', {}, 'year', 0.25],
    ['national by month, fine grid', {}, 'month', 0.1],
    ['Arizona, 2022, by month', { state: 'AZ', from: '2022-01-01', to: '2022-12-31' }, 'month', 0.5],
    ['Mexico by year, coarse grid', { country: 'MX' }, 'year', 1],
    ['Sonora, 2021 to 2023', { mxState: 'SON', from: '2021-01-01', to: '2023-12-31' }, 'year', 0.25],
  ];
  it.each(cases)('%s', async (_name, input, period, cell) => {
    const scope = await resolveScope(database.db, null, input);
    expect(summaryCanAnswer(scope)).toBe(true);
    await expectMapCellsInSync(database.db);
    const fromCells = await buildMap(database.db, scope, { period, cell, dealerLimit: 5 }, 'x');
    const fromFacts = await buildMap(database.db, scope, { period, cell, dealerLimit: 5, detailed: true }, 'x');
    expect(fromFacts.places.length).toBeGreaterThan(0);
    expect(sorted(fromCells)).toEqual(sorted(fromFacts));
  });
});
