import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { runDetection } from './detect.service.js';
import { AK, Fixture, GLOCK, RUGER_LCR } from './fixtures.js';

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function current(subjectOf: number) {
  const s = await database.db.selectFrom('detection_subjects').select('subject_id').where('person_record_id', '=', subjectOf).executeTakeFirstOrThrow();
  return database.db.selectFrom('person_risk_scores').selectAll().where('subject_id', '=', s.subject_id).where('current', '=', true).executeTakeFirst();
}

describe('detection over a small world', () => {
  let straw: number;
  let partner: number;
  let collector: number;
  let d1: { id: number; licence: string };

  it('flags a cross-dealer straw buyer on the day the pattern became visible, with reasons and evidence', async () => {
    const f = new Fixture(database.db);
    d1 = await f.dealer({ state: 'AZ' });
    const d2 = await f.dealer({ state: 'AZ' });
    const d3 = await f.dealer({ state: 'AZ' });
    straw = await f.person({ given: 'Juan', surname: 'Perez', dob: '1990-03-04', street: '12 Elm St', postcode: '85001', idNumber: 'D1234567', idState: 'AZ' });
    const r1 = await f.report({ dealer: d1, buyer: straw, date: '2010-01-04', cash: true, guns: Array.from({ length: 5 }, () => AK) });
    // The same person written differently (given name typo) but with the same licence number: one subject.
    const strawAgain = await f.person({ given: 'Jaun', surname: 'Perez', dob: '1990-03-04', idNumber: 'D-1234567', idState: 'AZ' });
    await f.report({ dealer: d2, buyer: strawAgain, date: '2010-01-07', cash: true, guns: Array.from({ length: 4 }, () => AK) });
    await f.report({ dealer: d3, buyer: straw, date: '2010-01-12', cash: true, guns: Array.from({ length: 6 }, () => AK) });
    // One of the rifles of the first report, recovered in Sonora five weeks later on someone else.
    const possessor = await f.person({ given: 'Pedro', surname: 'Ruiz', dob: '1985-05-05', role: 'possessor' });
    const serial = (await database.db.selectFrom('firearms').select('serial_raw').where('id', '=', r1.firearmIds[0]).executeTakeFirstOrThrow()).serial_raw!;
    await f.trace({ dealer: d1, buyer: straw, saleDate: '2010-01-04', gun: { ...AK, serial }, recoveredOn: '2010-02-10', country: 'MX', mxState: 'SON', possessor, completedOn: '2010-02-15' });

    partner = await f.person({ given: 'Maria', surname: 'Lopez', dob: '1992-07-08', street: '12 Elm St', postcode: '85001' });
    await f.report({ dealer: d1, buyer: partner, date: '2010-03-01', cash: true, guns: [AK, AK] });

    collector = await f.person({ given: 'Robert', surname: 'Smith', dob: '1960-01-01', street: '400 Oak Ave', postcode: '85251' });
    await f.report({ dealer: d1, buyer: collector, date: '2009-05-01', guns: [GLOCK, RUGER_LCR] });
    await f.report({ dealer: d2, buyer: collector, date: '2010-06-01', guns: [GLOCK, RUGER_LCR] });

    // The national tracing center's supervisor hears of alerts on people in no open case.
    const ntc = await database.db.insertInto('agencies').values({ ori: 'ATFNTC000', name: 'National Tracing Center', kind: 'atf' }).returning('id').executeTakeFirstOrThrow();
    const sup = await database.db.insertInto('users').values({ username: 'ntc-sup', display_name: 'NTC supervisor', agency_id: ntc.id, roles: ['supervisor'] }).returning('id').executeTakeFirstOrThrow();

    const summary = await runDetection(database.db, { mode: 'full', trigger: 'test', actor: SYSTEM_ACTOR });
    expect(summary.subjectsScored).toBe(3);
    const s = await current(straw);
    expect(s?.flagged).toBe(true);
    expect(s?.flagged_on).toBe('2010-01-07');
    expect(s?.guns_known).toBe(15);
    expect(s?.guns_before_flag).toBe(9);
    const codes = (s!.reasons as Array<{ code: string }>).map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['many_dealers', 'favoured_types', 'cash', 'same_model', 'short_ttc_1y', 'recovered_mexico', 'possessor_not_buyer', 'ms_recovered_soon']));
    const mx = (s!.reasons as Array<{ code: string; text: string; evidence: Array<{ type: string }> }>).find((r) => r.code === 'recovered_mexico')!;
    expect(mx.text).toMatch(/recovered in Mexico \(SON\)/);
    expect(mx.evidence[0].type).toBe('trace');
    expect(s?.record_ids).toHaveLength(2);
    expect(s?.display_name).toBe('Juan Perez');

    const alert = await database.db.selectFrom('alerts').selectAll().where('id', '=', s!.alert_id!).executeTakeFirstOrThrow();
    expect(alert.kind).toBe('risk_threshold');
    expect(alert.title).toMatch(/Juan Perez/);
    expect((alert.reasons as unknown[]).length).toBeGreaterThan(3);
    const told = await database.db.selectFrom('alert_recipients').select(['user_id', 'reason']).where('alert_id', '=', alert.id).execute();
    expect(told).toEqual([{ user_id: sup.id, reason: 'agency_supervisor' }]);
  });

  it('gives a buyer who shares an address with a flagged person the link as a reason', async () => {
    const p = await current(partner);
    const link = (p!.reasons as Array<{ code: string; text: string }>).find((r) => r.code === 'shared_link_suspect');
    expect(link?.text).toMatch(/shares an address with a flagged person \(Juan Perez\)/);
    expect(p!.score).toBeGreaterThanOrEqual(20);
  });

  it('leaves a lawful buyer of occasional handgun pairs unscored', async () => {
    expect(await current(collector)).toBeUndefined();
  });

  it('scores dealers against their volume', async () => {
    const rows = await database.db.selectFrom('dealer_risk_scores').selectAll().where('current', '=', true).execute();
    expect(rows.length).toBe(3);
    const one = rows.find((r) => r.dealer_id === d1.id)!;
    expect(one.volume).toBeGreaterThanOrEqual(9);
    expect(one.traces).toBe(1);
  });

  it('rescoring incrementally touches only what changed, alerts on a new crossing, and never raises the same alert twice', async () => {
    const f = new Fixture(database.db);
    const d4 = await f.dealer({ state: 'TX' });
    const d5 = await f.dealer({ state: 'TX' });
    const d6 = await f.dealer({ state: 'TX' });
    // Twelve AK-type rifles at three dealers within three weeks: enough on its own (no single-gun evidence) to cross.
    await f.report({ dealer: d4, buyer: collector, date: '2010-07-01', cash: true, guns: [AK, AK, AK, AK] });
    await f.report({ dealer: d5, buyer: collector, date: '2010-07-12', cash: true, guns: [AK, AK, AK, AK] });
    await f.report({ dealer: d6, buyer: collector, date: '2010-07-20', cash: true, guns: [AK, AK, AK, AK] });
    const before = await database.db.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const summary = await runDetection(database.db, { mode: 'incremental', trigger: 'test', actor: SYSTEM_ACTOR });
    expect(summary.scoped).toBe(true);
    expect(summary.subjectsScored).toBe(1);
    const c = await current(collector);
    expect(c?.score).toBeGreaterThan(0);
    expect((c!.reasons as Array<{ code: string }>).map((r) => r.code)).toContain('favoured_types');
    // The collector now crosses the threshold: one new alert. The straw buyer keeps the full run's score and its one alert.
    expect(c?.flagged).toBe(true);
    const s = await current(straw);
    expect(s?.flagged).toBe(true);
    const after = await database.db.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    const again = await runDetection(database.db, { mode: 'full', trigger: 'test', actor: SYSTEM_ACTOR });
    expect(again.alertsRaised).toBe(0);
  });
});
