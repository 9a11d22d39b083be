import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecoveryRow, SuspectGunRow } from '../../formats/index.js';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { SYSTEM_ACTOR, verifyAuditChain } from '../audit/audit.service.js';
import type { KindWriter, WriteResult } from '../ingest/writer.js';
import { recoveryWriter } from '../tracing/tracing.import.js';
import { suspectGunWriter } from './suspects.import.js';

// Referrals and recoveries are decided set-based over a batch (register.service.ts, tracing/recoveries.ts). The same
// mixed rows (good ones, refused ones, repeats within the batch and of rows already held, guns that match the register
// both ways) are written once as batches and once one row per batch, in two worlds that differ only in their names
// (letters the serial match key keeps as they are): the outcomes and what is stored must be the same.
describe('batches of referrals and recoveries against the same rows one at a time', () => {
  let t: TestApp;
  const write = <R>(w: KindWriter<R>, fileName: string, rows: Array<{ row: Partial<R>; line: number }>): Promise<WriteResult> =>
    t.ctx.db.transaction().execute((tx) => w.write(tx, rows as Array<{ row: R; line: number }>, { batchId: null, fileName, actor: SYSTEM_ACTOR, agencyId: null }));

  beforeAll(async () => {
    t = await createTestApp();
    await t.as('bsup', ['supervisor'], 'AZ0070000');
    await t.as('binv', ['investigator'], 'AZ0070000', { supervisor: 'bsup' });
    const h = await t.as('binv2', ['investigator'], 'AZ0070000', { supervisor: 'bsup' });
    for (const c of ['AZ-2024-0901', 'AZ-2024-0902']) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: h, payload: { caseNumber: c, title: 'batch referrals' } });
      expect(r.statusCode).toBe(201);
    }
  });
  afterAll(async () => t.close());

  const recovery = (w: string, ref: string, serial: string, over: Partial<RecoveryRow> = {}): Partial<RecoveryRow> => ({
    recovery_id: `${w}-${ref}`, agency_ori: 'AZ0070000', recovery_date: '2024-03-01', recovery_city: 'Nogales', recovery_state: 'AZ', recovery_country: 'US',
    manufacturer: 'Romarm/Cugir', importer: 'Century Arms', model: 'WASR-10', caliber: '7.62x39', type: 'rifle', serial, serial_obliterated: false,
    ncic_code: '1301', possessor_surname: 'Ejemplo', possessor_given_name: 'Juan', possessor_dob: '1990-04-02', ...over,
  });
  const referral = (w: string, ref: string, serial: string, over: Partial<SuspectGunRow> = {}): Partial<SuspectGunRow> => ({
    entry_id: `${w}-${ref}`, case_number: 'AZ-2024-0901', agency_ori: 'AZ0070000', investigator: 'binv', reason: 'trafficking', manufacturer: 'Romarm/Cugir',
    importer: 'Century Arms', serial, model: 'WASR-10', caliber: '7.62x39', type: 'rifle', referred_on: '2024-02-01', ...over,
  });
  const steps = (w: string) => [
    { writer: recoveryWriter as KindWriter<unknown>, file: 'W-recoveries-1.csv', rows: [
      recovery(w, 'R1', `${w}1234-5678`), recovery(w, 'R2', `${w}7777-1111`, { possessor_surname: undefined, possessor_given_name: undefined, possessor_dob: undefined }),
      recovery(w, 'R1', `${w}1234-5678`), recovery(w, 'R3', `${w}9??1-2222`, { serial_obliterated: true }),
    ] },
    { writer: suspectGunWriter as KindWriter<unknown>, file: 'W-referrals.csv', rows: [
      referral(w, 'E1', `${w}1234-S678`), // one confusable away from R1's gun: matched against it at once
      referral(w, 'E2', '   '), // no serial
      referral(w, 'E3', `${w}4444-0000`, { case_number: 'NO-SUCH-CASE' }),
      referral(w, 'E1', `${w}1234-S678`), // repeated in the batch
      referral(w, 'E4', `${w}5555-1212`, { case_number: 'AZ-2024-0902', investigator: 'Someone Else' }),
      referral(w, 'E5', `${w}9381-2222`, { agency_ori: 'XX9999999' }), // no such agency
      referral(w, 'E6', `${w}9381-2222`), // R3's obliterated serial may be this one
    ] },
    { writer: recoveryWriter as KindWriter<unknown>, file: 'W-recoveries-2.csv', rows: [
      recovery(w, 'R2', `${w}7777-1111`), // already held
      recovery(w, 'R4', `${w}5555-1212`, { ncic_code: '0903' }), // E4's gun, recovered in a homicide
    ] },
  ];

  async function run(w: string, oneByOne: boolean): Promise<WriteResult[]> {
    const out: WriteResult[] = [];
    for (const s of steps(w)) {
      const rows = s.rows.map((row, i) => ({ row, line: i + 2 }));
      if (!oneByOne) {
        out.push(await write(s.writer, s.file, rows));
        continue;
      }
      const sum: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
      for (const r of rows) {
        const one = await write(s.writer, s.file, [r]);
        sum.inserted += one.inserted;
        sum.duplicates += one.duplicates;
        sum.rejected.push(...one.rejected);
      }
      out.push(sum);
    }
    return out;
  }

  async function snapshot(w: string) {
    const db = t.ctx.db;
    const entries = await db.selectFrom('suspect_guns as s').innerJoin('firearms as f', 'f.id', 's.firearm_id')
      .select(['s.id', 's.entry_ref', 's.case_id', 's.status', 's.serial_key', 's.serial_partial', 's.key_len', 's.maker', 's.importer', 's.investigator_id',
        's.investigator_name', 's.review_on', 's.source_ref', 'f.serial_raw', 'f.serial_key as gun_key'])
      .where('s.entry_ref', 'like', `${w}-%`).orderBy('s.entry_ref').execute();
    const variants = await db.selectFrom('suspect_serial_variants').select(['suspect_gun_id', 'variant']).where('suspect_gun_id', 'in', entries.map((e) => e.id)).orderBy('variant').execute();
    const recoveries = await db.selectFrom('recoveries as r').innerJoin('firearms as f', 'f.id', 'r.firearm_id').leftJoin('person_records as p', 'p.id', 'r.possessor_record_id')
      .select(['r.id', 'r.recovery_ref', 'r.source_ref', 'r.ncic_code', 'f.serial_key', 'f.obliterated', 'p.surname', 'p.source_ref as person_ref'])
      .where('r.recovery_ref', 'like', `${w}-%`).orderBy('r.recovery_ref').execute();
    const ref = new Map<number, string>([...entries.map((e) => [e.id, e.entry_ref!] as const)]);
    const rref = new Map<number, string>(recoveries.map((r) => [r.id, r.recovery_ref!]));
    const matches = await db.selectFrom('suspect_matches').select(['suspect_gun_id', 'recovery_id', 'score', 'reasons', 'alert_id']).where('suspect_gun_id', 'in', entries.map((e) => e.id)).execute();
    const alerts = await db.selectFrom('alerts').select(['kind', 'severity', 'suspect_gun_id', 'recovery_id', 'title', 'score']).where('suspect_gun_id', 'in', entries.map((e) => e.id)).execute();
    const audits = await db.selectFrom('audit_events').select(['action', 'target_id']).where((eb) => eb.or([
      eb.and([eb('target_type', '=', 'suspect_gun'), eb('target_id', 'in', entries.map((e) => String(e.id)))]),
      eb.and([eb('target_type', '=', 'recovery'), eb('target_id', 'in', recoveries.map((r) => String(r.id)))]),
    ])).execute();
    const text = JSON.stringify({
      // Deletion variants drop the world's letters one at a time: their number tells.
      entries: entries.map((e) => ({ ...e, id: 0, variants: variants.filter((v) => v.suspect_gun_id === e.id).length })),
      recoveries: recoveries.map((r) => ({ ...r, id: 0 })),
      matches: matches.map((m) => ({ ...m, suspect_gun_id: ref.get(m.suspect_gun_id), recovery_id: rref.get(m.recovery_id!), alert_id: m.alert_id !== null, reasons: JSON.stringify(m.reasons).replace(/"id":\d+/g, '') }))
        .sort((a, b) => `${a.suspect_gun_id}${a.recovery_id}`.localeCompare(`${b.suspect_gun_id}${b.recovery_id}`)),
      alerts: alerts.map((a) => ({ ...a, suspect_gun_id: ref.get(a.suspect_gun_id!), recovery_id: rref.get(a.recovery_id!) })).sort((a, b) => `${a.kind}${a.suspect_gun_id}${a.recovery_id}`.localeCompare(`${b.kind}${b.suspect_gun_id}${b.recovery_id}`)),
      audits: audits.map((a) => ({ action: a.action, target: (a.action.startsWith('recovery') ? rref : ref).get(Number(a.target_id)) })).sort((a, b) => `${a.action}${a.target}`.localeCompare(`${b.action}${b.target}`)),
    });
    return JSON.parse(text.replaceAll(w, 'W')) as Record<string, unknown[]>;
  }

  it('refuses, counts and stores the same, and raises the same alerts, as one row at a time', async () => {
    const batch = await run('QX', false);
    const single = await run('KM', true);
    expect(batch).toEqual(single);
    expect(batch.map((r) => [r.inserted, r.duplicates])).toEqual([[3, 1], [3, 1], [1, 1]]);
    expect(batch[1].rejected.map((r) => [r.line, r.field])).toEqual([[3, 'serial'], [4, 'case_number'], [7, 'agency_ori']]);

    const a = await snapshot('QX');
    expect(a).toEqual(await snapshot('KM'));
    // E1 matched R1 at referral, E6 the obliterated R3, R4 matched E4 on recovery.
    expect(a.matches.map((m) => [(m as { suspect_gun_id: string }).suspect_gun_id, (m as { recovery_id: string }).recovery_id]))
      .toEqual([['W-E1', 'W-R1'], ['W-E4', 'W-R4'], ['W-E6', 'W-R3']]);
    expect(a.entries).toHaveLength(3);
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);
  });
});
