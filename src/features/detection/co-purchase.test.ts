import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDayNumber } from '../../domain/dates.js';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { GunClassifier } from './assemble.js';
import { favouredPurchase, pairNewPurchases, type NewFavouredPurchase, type NewPurchaseRow } from './co-purchase.js';
import { withConfig } from './config.js';
import { runDetection } from './detect.service.js';
import type { CoPurchaseEvent } from './events.js';
import { AK, Fixture, GLOCK } from './fixtures.js';
import { computeIndicators } from './indicators.js';

const cfg = withConfig();
const D = toDayNumber;
// Phoenix, Glendale (about 14 km away) and Tucson (about 170 km).
const PHX = { lat: 33.4484, lon: -112.074 };
const GLENDALE = { lat: 33.5387, lon: -112.186 };
const TUCSON = { lat: 32.2226, lon: -110.9747 };

let seq = 0;
function buy(subject: number, day: string, o: Partial<NewFavouredPurchase> = {}): NewFavouredPurchase {
  return {
    subject, reportId: ++seq, dealerKey: 'd1', dealerLicence: 'L1', ...PHX, day: D(day), knownDay: D(day) + 2,
    favoured: 2, what: '2 AK-type rifles', ...o,
  };
}
const partners = (m: Map<number, CoPurchaseEvent[]>, s: number) => [...new Set((m.get(s) ?? []).map((e) => e.other))].sort();

describe('pairing new buyers', () => {
  it('pairs favoured purchases at one dealer within the window, both ways, known when the later report arrived', () => {
    const m = pairNewPurchases([buy(1, '2020-03-02'), buy(2, '2020-03-06', { knownDay: D('2020-03-12') }), buy(3, '2020-03-20')], cfg.windows);
    expect(partners(m, 1)).toEqual([2]);
    expect(partners(m, 2)).toEqual([1]);
    expect(m.has(3)).toBe(false);
    expect(m.get(1)![0]).toMatchObject({ other: 2, knownDay: D('2020-03-12'), day: D('2020-03-02'), otherDay: D('2020-03-06') });
  });

  it('never pairs a buyer with himself, and stops at the window', () => {
    const m = pairNewPurchases([buy(1, '2020-03-02'), buy(1, '2020-03-03'), buy(2, '2020-03-10')], cfg.windows);
    expect(partners(m, 1)).toEqual([2]);
    // 2020-03-02 to 03-10 is 8 days: only the purchase of 03-03 pairs.
    expect(m.get(2)!.map((e) => e.otherDay)).toEqual([D('2020-03-03')]);
  });

  it('pairs nearby dealers only for bulk favoured purchases, and never dealers far apart or without a location', () => {
    const bulk = { favoured: cfg.windows.coPurchaseNearbyMin };
    const near = [buy(1, '2020-03-02', bulk), buy(2, '2020-03-04', { dealerKey: 'd2', dealerLicence: 'L2', ...GLENDALE, ...bulk })];
    expect(partners(pairNewPurchases(near, cfg.windows), 1)).toEqual([2]);
    const fewer = [buy(1, '2020-03-02', { favoured: cfg.windows.coPurchaseNearbyMin - 1 }), buy(2, '2020-03-04', { dealerKey: 'd2', ...GLENDALE, ...bulk })];
    expect(pairNewPurchases(fewer, cfg.windows).size).toBe(0);
    const far = [buy(1, '2020-03-02', bulk), buy(2, '2020-03-04', { dealerKey: 'd3', ...TUCSON, ...bulk })];
    expect(pairNewPurchases(far, cfg.windows).size).toBe(0);
    const unknown = [buy(1, '2020-03-02', bulk), buy(2, '2020-03-04', { dealerKey: 'd2', lat: null, lon: null, ...bulk })];
    expect(pairNewPurchases(unknown, cfg.windows).size).toBe(0);
    expect(pairNewPurchases(near, { ...cfg.windows, coPurchaseKm: 0 }).size).toBe(0);
  });
});

describe('favoured purchases', () => {
  const row = (guns: string[]): NewPurchaseRow => ({ subject_id: 1, report_id: 2, dealer_key: '3', dealer_licence: 'L3', lat: null, lon: null, known_day: 10, day: 9, guns });
  it('counts and describes the favoured guns of a purchase, and ignores purchases without any', () => {
    const g = new GunClassifier();
    const p = favouredPurchase(row(['Century Arms|WASR-10|7.62x39mm|rifle', 'Century Arms|WASR-10|7.62x39mm|rifle', 'Glock|19|9mm Luger|pistol']), g);
    expect(p).toMatchObject({ favoured: 2, what: '2 AK-type rifles', subject: 1, reportId: 2 });
    expect(favouredPurchase(row(['Glock|19|9mm Luger|pistol']), g)).toBeNull();
  });
});

describe('the co_purchase indicator', () => {
  it('counts distinct partners and names them in its evidence', () => {
    const m = pairNewPurchases([buy(1, '2020-03-02'), buy(2, '2020-03-03'), buy(2, '2020-03-05'), buy(3, '2020-03-06')], cfg.windows);
    const ind = computeIndicators(m.get(1)!, cfg, () => 0).find((i) => i.code === 'co_purchase')!;
    expect(ind.count).toBe(2);
    expect(ind.points).toBe(cfg.person.co_purchase.first + cfg.person.co_purchase.each);
    expect(ind.text).toMatch(/within 7 days of 2 other new buyers doing the same at the same dealer \(2020-03-02 to 2020-03-06\)/);
    expect(ind.evidence.map((e) => e.id)).toEqual([2, 3]);
    expect(ind.evidence[0].note).toMatch(/person 2 bought 2 AK-type rifles there on 2020-03-03/);
  });
});

describe('co-purchases in a detection run', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });
  const reasonsOf = async (record: number) => {
    const s = await database.db.selectFrom('detection_subjects').select('subject_id').where('person_record_id', '=', record).executeTakeFirstOrThrow();
    const r = await database.db.selectFrom('person_risk_scores').select(['reasons', 'score']).where('subject_id', '=', s.subject_id).where('current', '=', true).executeTakeFirst();
    return (r?.reasons ?? []) as Array<{ code: string; count: number; evidence: Array<{ id: number }> }>;
  };

  it('gives new buyers of AK-type rifles at one dealer in one week the indicator, not an established buyer, and rescores partners incrementally', async () => {
    const f = new Fixture(database.db);
    const d = await f.dealer({ state: 'AZ', ...PHX });
    const other = await f.dealer({ state: 'AZ', ...TUCSON });
    const a = await f.person({ given: 'Ana', surname: 'Rios', dob: '1995-01-01' });
    const b = await f.person({ given: 'Beto', surname: 'Rios', dob: '1996-02-02' });
    const regular = await f.person({ given: 'Carl', surname: 'Olsen', dob: '1970-03-03' });
    await f.report({ dealer: other, buyer: regular, date: '2019-01-07', guns: [GLOCK, GLOCK] });
    await f.report({ dealer: d, buyer: a, date: '2020-03-02', guns: [AK, AK] });
    await f.report({ dealer: d, buyer: b, date: '2020-03-04', guns: [AK, AK, AK] });
    await f.report({ dealer: d, buyer: regular, date: '2020-03-03', guns: [AK, AK] });
    await runDetection(database.db, { mode: 'full', trigger: 'test', actor: SYSTEM_ACTOR });
    const ca = (await reasonsOf(a)).find((r) => r.code === 'co_purchase');
    expect(ca?.count).toBe(1);
    expect((await reasonsOf(b)).find((r) => r.code === 'co_purchase')?.count).toBe(1);
    expect((await reasonsOf(regular)).find((r) => r.code === 'co_purchase')).toBeUndefined();

    // A third newcomer a few days later: the incremental run rescores him and his partners.
    const c = await f.person({ given: 'Cesar', surname: 'Mora', dob: '1997-03-03' });
    await f.report({ dealer: d, buyer: c, date: '2020-03-06', guns: [AK, AK] });
    const inc = await runDetection(database.db, { mode: 'incremental', trigger: 'test', actor: SYSTEM_ACTOR });
    expect(inc.scoped).toBe(true);
    expect(inc.subjectsScored).toBe(3);
    expect((await reasonsOf(a)).find((r) => r.code === 'co_purchase')?.count).toBe(2);
    expect((await reasonsOf(c)).find((r) => r.code === 'co_purchase')?.count).toBe(2);
  });
});
