import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDayNumber } from '../../domain/dates.js';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { coPurchasesFromStaged, dropFavoured, stageFavoured } from './co-purchase.js';
import { GunClassifier } from './assemble.js';
import { withConfig } from './config.js';
import { runDetection } from './detect.service.js';
import { AK, Fixture, GLOCK } from './fixtures.js';
import { computeIndicators } from './indicators.js';
import { pairTravelPurchases, travelPairEvents, type TravelPurchaseRow } from './travel-pairs.js';

const cfg = withConfig();
const D = toDayNumber;
let seq = 0;
const row = (subject: number, day: string, o: Partial<TravelPurchaseRow> = {}): TravelPurchaseRow => ({
  subject_id: subject, source: 'report', record_id: ++seq, dealer_id: 1, dealer_licence: 'L1', dealer_city: 'Laredo',
  town: 'HOUSTON, TX', km: 300, day: D(day), known_day: D(day) + 1, ...o,
});
const sorted = (rows: TravelPurchaseRow[]) => [...rows].sort((a, b) => a.dealer_id - b.dealer_id || a.town.localeCompare(b.town) || a.day - b.day);
const partners = (m: Map<number, Array<{ other: number }>>, s: number) => [...new Set((m.get(s) ?? []).map((e) => e.other))].sort();

describe('pairing buyers of one town at one distant dealer', () => {
  it('pairs different buyers of the same town at the same dealer within the window, both ways', () => {
    const m = pairTravelPurchases(sorted([
      row(1, '2020-01-10'),
      row(2, '2020-11-01', { source: 'trace', known_day: D('2021-03-01') }),
      // Another town, another dealer, or more than a year later: no pair.
      row(3, '2020-02-01', { town: 'DALLAS, TX' }),
      row(4, '2020-02-01', { dealer_id: 2, dealer_licence: 'L2' }),
      row(5, '2021-02-01'),
    ]), cfg.windows.travelDays);
    expect(partners(m, 1)).toEqual([2]);
    expect(partners(m, 2)).toEqual([1, 5]);
    expect(m.has(3)).toBe(false);
    expect(m.has(4)).toBe(false);
    // Known when the later record (the trace's completion) arrived.
    expect(m.get(1)![0]).toMatchObject({ other: 2, knownDay: D('2021-03-01'), otherSource: 'trace' });
  });

  it('never pairs a buyer with himself, and keeps a report and a trace with the same id apart', () => {
    const m = pairTravelPurchases(sorted([row(1, '2020-01-10', { record_id: 7 }), row(1, '2020-02-10', { record_id: 8 }), row(2, '2020-03-01', { record_id: 7, source: 'trace' })]), 365);
    expect(partners(m, 1)).toEqual([2]);
    // Buyer 1's two own records are both named; buyer 2 keeps one event for its one partner and record.
    expect(m.get(1)!.length).toBe(2);
    expect(m.get(2)!.length).toBe(1);
  });

  it('counts distinct partners and says where, how far and when', () => {
    const m = pairTravelPurchases(sorted([row(1, '2020-01-10'), row(2, '2020-02-01'), row(3, '2020-03-01'), row(2, '2020-04-01')]), 365);
    const ind = computeIndicators(m.get(1)!, cfg, () => 0).find((i) => i.code === 'travelled_with_others')!;
    expect(ind.count).toBe(2);
    expect(ind.points).toBe(cfg.person.travelled_with_others.first + cfg.person.travelled_with_others.each);
    expect(ind.text).toContain('bought 300 km from home (HOUSTON, TX) at dealer L1 in Laredo, as did 2 other buyers from the same town at the same dealer within 365 days (2020-01-10 to 2020-03-01');
    expect(ind.evidence.map((e) => e.id).sort()).toEqual([2, 3]);
  });
});

describe('travel pairs from the database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('pairs favoured reports and soon-recovered traces of buyers from one town at a dealer 80 km or more away, and only those', async () => {
    const f = new Fixture(database.db);
    // Houston (two dealers place the town) and Laredo, about 300 km apart.
    await f.dealer({ state: 'TX', city: 'Houston', lat: 29.76, lon: -95.37 });
    await f.dealer({ state: 'TX', city: 'Houston', lat: 29.74, lon: -95.39 });
    const laredo = await f.dealer({ state: 'TX', city: 'Laredo', lat: 27.53, lon: -99.49 });
    const houston = (given: string, surname: string, dob: string) => f.person({ given, surname, dob, city: 'Houston', state: 'TX' });
    const a = await houston('Luis', 'Vega', '1991-01-01');
    const b = await houston('Rosa', 'Vega', '1993-02-02');
    const c = await houston('Tom', 'Hill', '1965-03-03');
    const d = await houston('Ann', 'Hill', '1966-04-04');
    const e = await f.person({ given: 'Raul', surname: 'Soto', dob: '1980-05-05', city: 'Laredo', state: 'TX' });
    const g = await f.person({ given: 'Eva', surname: 'Soto', dob: '1982-06-06', city: 'Hebbronville', state: 'TX' });
    const h = await houston('Jim', 'Cole', '1970-07-07');
    const i = await houston('Ray', 'Cole', '1972-08-08');
    await f.report({ dealer: laredo, buyer: a, date: '2020-01-10', guns: [AK, AK] });
    // A traced gun recovered within three years of its sale counts; the pair is known when the trace was completed.
    await f.trace({ dealer: laredo, buyer: b, saleDate: '2020-06-01', gun: GLOCK, recoveredOn: '2021-01-15', state: 'TX', completedOn: '2021-01-20' });
    // Not favoured; a Laredo resident (no trip); a town with no dealer (not placed); a gun recovered 5 years on; over a
    // year later; a gun show.
    await f.report({ dealer: laredo, buyer: c, date: '2020-02-01', guns: [GLOCK, GLOCK] });
    await f.report({ dealer: laredo, buyer: e, date: '2020-02-01', guns: [AK, AK] });
    await f.report({ dealer: laredo, buyer: g, date: '2020-02-01', guns: [AK, AK] });
    await f.trace({ dealer: laredo, buyer: h, saleDate: '2020-03-01', gun: GLOCK, recoveredOn: '2025-03-01', state: 'TX' });
    await f.report({ dealer: laredo, buyer: d, date: '2021-09-01', guns: [AK, AK] });
    // Bought from the Laredo dealer at a gun show: where the shop is says nothing about the trip.
    await f.report({ dealer: laredo, buyer: i, date: '2020-03-01', guns: [AK, AK], gunShow: 'Border Country Arms Fair, Houston' });
    await runDetection(database.db, { mode: 'full', trigger: 'test', actor: SYSTEM_ACTOR });

    const pairs = await database.db.transaction().execute(async (tx) => {
      const staged = await stageFavoured(tx, new GunClassifier());
      const out = await travelPairEvents(tx, cfg, staged);
      // Co-purchases read the same staged table: still there until dropped.
      await coPurchasesFromStaged(tx, cfg, new GunClassifier());
      await dropFavoured(tx);
      return out;
    });
    const subjectOf = async (r: number) => (await database.db.selectFrom('detection_subjects').select('subject_id').where('person_record_id', '=', r).executeTakeFirstOrThrow()).subject_id;
    const [sa, sb] = [await subjectOf(a), await subjectOf(b)];
    expect([...pairs.keys()].sort()).toEqual([sa, sb].sort());
    expect(pairs.get(sa)![0]).toMatchObject({ other: sb, knownDay: D('2021-01-20'), source: 'report', otherSource: 'trace', town: 'HOUSTON, TX' });
    expect(pairs.get(sa)![0].km).toBeGreaterThan(250);
    const score = await database.db.selectFrom('person_risk_scores').select('reasons').where('subject_id', '=', sa).where('current', '=', true).executeTakeFirstOrThrow();
    const reason = (score.reasons as Array<{ code: string; evidence: Array<{ id: number }> }>).find((r) => r.code === 'travelled_with_others');
    expect(reason?.evidence.map((x) => Number(x.id))).toEqual([sb]);
  });
});
