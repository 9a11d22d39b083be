import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import type { Tx } from '../../db/types.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { verifyAuditChain } from '../audit/audit.service.js';
import { msrPurgeCutoff } from './retention.rules.js';
import { placeLegalHold, purgeMultipleSaleBuyers } from './retention.service.js';

async function report(tx: Tx, ref: string, date: string, serial: string) {
  const p = await tx.insertInto('person_records')
    .values({ role: 'msr_buyer', given_name: 'ANA', surname: `BUYER${ref}`, dob: '1990-01-01', id_number: `D${ref}`, source_kind: 'test', source_ref: ref })
    .returning('id').executeTakeFirstOrThrow();
  await tx.insertInto('person_attributes').values({ person_record_id: p.id, kind: 'phone', value_raw: '555', value_norm: '5555550100', source_kind: 'test', source_ref: ref }).execute();
  const f = await tx.insertInto('firearms').values({ serial_raw: serial, serial_norm: serial, serial_key: serial, maker: 'Glock', source_kind: 'test', source_ref: ref })
    .returning('id').executeTakeFirstOrThrow();
  const r = await tx.insertInto('multiple_sale_reports')
    .values({ report_ref: ref, form: '3310.4', report_date: date, dealer_licence: '9-86-000-01-2A-00001', buyer_record_id: p.id, source_kind: 'test', source_ref: ref })
    .returning('id').executeTakeFirstOrThrow();
  await tx.insertInto('multiple_sale_items').values({ report_id: r.id, item_no: 1, firearm_id: f.id, transfer_date: date, source_ref: ref }).execute();
  return { reportId: r.id, personId: p.id };
}

describe('retention of multiple-sale buyer data', () => {
  let database: Database;
  let ids: Record<string, { reportId: number; personId: number }>;
  beforeAll(async () => {
    database = await createTestDatabase();
    ids = await database.db.transaction().execute(async (tx) => {
      const old = await report(tx, 'OLD', '2023-06-01', 'AAA111');
      const traced = await report(tx, 'TRACED', '2023-06-01', 'BBB222');
      const held = await report(tx, 'HELD', '2023-06-01', 'CCC333');
      const recent = await report(tx, 'RECENT', '2025-06-01', 'DDD444');
      const agency = await tx.insertInto('agencies').values({ ori: 'AZ0070000', name: 'Phoenix PD' }).returning('id').executeTakeFirstOrThrow();
      const tf = await tx.insertInto('firearms').values({ serial_raw: 'BBB-222', serial_norm: 'BBB222', serial_key: 'BBB222', maker: 'Glock', source_kind: 'test', source_ref: 't' })
        .returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('trace_requests').values({ trace_number: 'T1', agency_id: agency.id, firearm_id: tf.id, due_at: new Date(), source_kind: 'test', source_ref: 't' }).execute();
      return { old, traced, held, recent };
    });
    await placeLegalHold(database.db, SYSTEM_ACTOR, 'multiple_sale_report', String(ids.held.reportId), 'US v. Example, preservation order');
  });
  afterAll(async () => database.close());

  it.each([
    ['2025-07-01', '2023-07-01'],
    ['2026-02-28', '2024-02-28'],
    ['2026-03-01', '2024-03-01'],
    ['2024-02-29', '2022-02-28'],
  ])('cutoff as of %s is %s', (asOf, cutoff) => {
    expect(msrPurgeCutoff(asOf)).toBe(cutoff);
  });

  it('a dry run counts and changes nothing', async () => {
    const r = await purgeMultipleSaleBuyers(database.db, SYSTEM_ACTOR, { asOf: '2025-07-01', dryRun: true });
    expect(r).toMatchObject({ reports: 1, personRecords: 1, dryRun: true });
    const p = await database.db.selectFrom('person_records').select('surname').where('id', '=', ids.old.personId).executeTakeFirstOrThrow();
    expect(p.surname).toBe('BUYEROLD');
  });

  it('purges only the untraced, unheld report past two years, and logs a proof', async () => {
    const r = await purgeMultipleSaleBuyers(database.db, SYSTEM_ACTOR, { asOf: '2025-07-01', dryRun: false });
    expect(r.reports).toBe(1);
    expect(r.proofs[0]).toMatch(/^[0-9a-f]{64}$/);
    const people = await database.db.selectFrom('person_records').select(['id', 'surname', 'dob', 'id_number']).orderBy('id').execute();
    const byId = new Map(people.map((p) => [p.id, p]));
    expect(byId.get(ids.old.personId)).toMatchObject({ surname: null, dob: null, id_number: null });
    for (const k of ['traced', 'held', 'recent'] as const) expect(byId.get(ids[k].personId)!.surname).toBe(`BUYER${k.toUpperCase()}`);
    const attrs = await database.db.selectFrom('person_attributes').select('person_record_id').execute();
    expect(attrs.map((a) => a.person_record_id)).not.toContain(ids.old.personId);
    const ev = await database.db.selectFrom('audit_events').select(['details']).where('action', '=', 'retention.purged').executeTakeFirstOrThrow();
    expect(ev.details).toMatchObject({ reportIds: [ids.old.reportId], contentSha256: r.proofs[0] });
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('running again purges nothing more', async () => {
    const r = await purgeMultipleSaleBuyers(database.db, SYSTEM_ACTOR, { asOf: '2025-07-01', dryRun: false });
    expect(r.reports).toBe(0);
  });
});
