import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { csvOf, dealerRow, multipleSaleRow, ndjsonOf } from './fixtures.js';
import { importFile, type ImportOptions } from './importer.js';

let database: Database;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-import-'));
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

function run(p: string, o: Partial<ImportOptions> = {}) {
  return importFile(database, { path: p, actor: SYSTEM_ACTOR, agencyId: null, batchSize: 7, ...o });
}

async function count(table: 'firearms' | 'multiple_sale_reports' | 'multiple_sale_items' | 'sales' | 'person_records' | 'dealers' | 'person_attributes') {
  const r = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('importing dealers and multiple sales', () => {
  it('imports dealers, then reports with buyer, items, firearms and sales, normalised beside the text as written', async () => {
    const d = await run(file('dealers.csv', csvOf('dealers', Array.from({ length: 5 }, (_, i) => dealerRow(i)))));
    expect(d).toMatchObject({ outcome: 'completed', kind: 'dealers', counts: { rowsOk: 5, rowsRejected: 0 } });

    const rows = Array.from({ length: 30 }, (_, i) => multipleSaleRow(i, { dealers: 5 }));
    rows[0] = { ...rows[0], manufacturer: 'Cugir', serial: '1-ro4471-11', buyer_street: '2215 North 67th Avenue Apt 4' };
    const s = await run(file('ms.csv', csvOf('multiple_sales', rows)));
    expect(s).toMatchObject({ outcome: 'completed', kind: 'multiple_sales', counts: { rowsTotal: 30, rowsOk: 30, rowsRejected: 0, rowsDuplicate: 0 } });
    expect(await count('multiple_sale_reports')).toBe(10);
    expect(await count('multiple_sale_items')).toBe(30);
    expect(await count('firearms')).toBe(30);
    expect(await count('sales')).toBe(30);

    const gun = await database.db.selectFrom('firearms').selectAll().where('source_ref', '=', 'ms.csv:2').executeTakeFirstOrThrow();
    expect(gun).toMatchObject({ serial_raw: '1-ro4471-11', serial_norm: '1RO447111', serial_key: '1R0447111', maker_raw: 'Cugir', maker: 'Romarm', source_kind: 'multiple_sale' });
    const report = await database.db.selectFrom('multiple_sale_reports').selectAll().where('source_ref', '=', 'ms.csv:2').executeTakeFirstOrThrow();
    expect(report.dealer_id).not.toBeNull();
    const buyer = await database.db.selectFrom('person_records').selectAll().where('id', '=', report.buyer_record_id!).executeTakeFirstOrThrow();
    expect(buyer).toMatchObject({ role: 'msr_buyer', surname: 'Quintero', surname_norm: 'QUINTERO SALAS', street_raw: '2215 North 67th Avenue Apt 4', street_norm: '2215 N 67TH AVE APT 4', state: 'AZ' });
    expect(buyer.surname_phonetic).toBeTruthy();
    const addr = await database.db.selectFrom('person_attributes').selectAll().where('person_record_id', '=', buyer.id).execute();
    expect(addr).toEqual([expect.objectContaining({ kind: 'address', value_norm: '2215 N 67TH AVE APT 4, PHOENIX, AZ 85033' })]);
    const sale = await database.db.selectFrom('sales').selectAll().where('firearm_id', '=', gun.id).executeTakeFirstOrThrow();
    expect(sale).toMatchObject({ buyer_record_id: buyer.id, dealer_id: report.dealer_id, source_kind: 'multiple_sale', sold_on: rows[0].transfer_date });
  });

  it('adds nothing when the same file comes again, and nothing when its rows come again in another file', async () => {
    const before = await count('firearms');
    const again = await run(path.join(dir, 'ms.csv'));
    expect(again.outcome).toBe('already_imported');
    const rows = Array.from({ length: 30 }, (_, i) => multipleSaleRow(i, { dealers: 5 }));
    rows[0] = { ...rows[0], manufacturer: 'Cugir', serial: '1-ro4471-11', buyer_street: '2215 North 67th Avenue Apt 4' };
    const copy = await run(file('ms-copy.csv', `${csvOf('multiple_sales', rows)}\n`));
    expect(copy).toMatchObject({ outcome: 'completed', counts: { rowsOk: 0, rowsDuplicate: 30 } });
    expect(await count('firearms')).toBe(before);
  });

  it('imports NDJSON with native values', async () => {
    const rows = Array.from({ length: 4 }, (_, i) => {
      const r: Record<string, unknown> = { ...multipleSaleRow(1000 + i, { dealers: 5 }) };
      r.item_seq = Number(r.item_seq);
      r.connected_to_earlier = false;
      return r;
    });
    const s = await run(file('ms.ndjson', ndjsonOf(rows)));
    expect(s).toMatchObject({ outcome: 'completed', counts: { rowsOk: 4, rowsRejected: 0 } });
  });
});
