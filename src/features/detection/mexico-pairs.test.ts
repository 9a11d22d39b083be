import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDayNumber } from '../../domain/dates.js';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { withConfig } from './config.js';
import { runDetection } from './detect.service.js';
import { AK, Fixture, GLOCK } from './fixtures.js';
import { computeIndicators } from './indicators.js';
import { mexicoPairEvents, pairMexicoTraces, type MexicoTraceRow } from './mexico-pairs.js';

const cfg = withConfig();
const D = toDayNumber;
let seq = 0;
const row = (subject: number, sale: string, dealer = 'd1'): MexicoTraceRow => ({
  subject_id: subject, trace_id: ++seq, dealer_key: dealer, dealer_licence: `L-${dealer}`, sale_day: D(sale), known_day: D(sale) + 200,
});

describe('pairing guns recovered in Mexico', () => {
  it('pairs different buyers at one dealer within the window, both ways', () => {
    const m = pairMexicoTraces([row(1, '2020-01-10'), row(2, '2020-02-20'), row(1, '2020-03-01'), row(3, '2020-09-01'), row(4, '2020-02-01', 'd2')].sort((a, b) => a.dealer_key.localeCompare(b.dealer_key) || a.sale_day - b.sale_day), cfg.windows.mexicoPairDays);
    expect([...new Set(m.get(1)!.map((e) => e.other))]).toEqual([2]);
    // Buyer 1's two guns were both sold within the window of buyer 2's one gun. Buyer 2 keeps one event (one partner,
    // one own gun); buyer 1 keeps one per own gun, so that both of its guns are named.
    expect(m.get(2)!.map((e) => e.other)).toEqual([1]);
    expect(m.get(1)!.map((e) => e.saleDay)).toEqual([D('2020-01-10'), D('2020-03-01')]);
    expect(m.has(3)).toBe(false);
    expect(m.has(4)).toBe(false);
    const ind = computeIndicators(m.get(2)!, cfg, () => 0).find((i) => i.code === 'mexico_with_others')!;
    expect(ind.count).toBe(1);
    expect(ind.points).toBe(cfg.person.mexico_with_others.first);
    expect(ind.text).toContain(`1 gun bought by this person and recovered in Mexico within 365 days was sold by the same dealer within ${cfg.windows.mexicoPairDays} days of guns bought by 1 other buyer`);
  });
});

describe('Mexico pairs from the database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('reads completed traces of guns recovered in Mexico within a year, and only those, and scores both buyers', async () => {
    const f = new Fixture(database.db);
    const d = await f.dealer({ state: 'AZ' });
    const a = await f.person({ given: 'Luis', surname: 'Vega', dob: '1991-01-01' });
    const b = await f.person({ given: 'Rosa', surname: 'Vega', dob: '1993-02-02' });
    const c = await f.person({ given: 'Tom', surname: 'Hill', dob: '1965-03-03' });
    const e = await f.person({ given: 'Ann', surname: 'Hill', dob: '1966-04-04' });
    await f.trace({ dealer: d, buyer: a, saleDate: '2020-01-10', gun: AK, recoveredOn: '2020-05-01', country: 'MX', mxState: 'SON' });
    await f.trace({ dealer: d, buyer: b, saleDate: '2020-02-03', gun: AK, recoveredOn: '2020-07-01', country: 'MX', mxState: 'CHH', completedOn: '2020-07-20' });
    // Sold in the same weeks but recovered in Arizona, and one recovered in Mexico years later: no pair.
    await f.trace({ dealer: d, buyer: c, saleDate: '2020-01-20', gun: GLOCK, recoveredOn: '2020-04-01', state: 'AZ' });
    await f.trace({ dealer: d, buyer: e, saleDate: '2020-01-25', gun: GLOCK, recoveredOn: '2023-04-01', country: 'MX' });
    await runDetection(database.db, { mode: 'full', trigger: 'test', actor: SYSTEM_ACTOR });
    const pairs = await database.db.transaction().execute((tx) => mexicoPairEvents(tx, cfg));
    const subjectOf = async (r: number) => (await database.db.selectFrom('detection_subjects').select('subject_id').where('person_record_id', '=', r).executeTakeFirstOrThrow()).subject_id;
    const [sa, sb] = [await subjectOf(a), await subjectOf(b)];
    expect([...pairs.keys()].sort()).toEqual([sa, sb].sort());
    expect(pairs.get(sa)![0]).toMatchObject({ other: sb, knownDay: D('2020-07-20') });
    const score = await database.db.selectFrom('person_risk_scores').select('reasons').where('subject_id', '=', sa).where('current', '=', true).executeTakeFirstOrThrow();
    expect((score.reasons as Array<{ code: string }>).map((r) => r.code)).toContain('mexico_with_others');
  });
});
