import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/connect.js';
import { createTestDatabase } from '../../../testing/db.js';
import { SYSTEM_ACTOR } from '../../audit/audit.service.js';
import { csvOf, dealerRow } from '../fixtures.js';
import { importFile } from '../importer.js';
import { chunksUnderParamLimit, MAX_BIND_PARAMETERS } from './tables.js';

describe('chunksUnderParamLimit', () => {
  it('keeps every chunk within the bind-parameter limit and every row in order', () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => ({ a: i, b: 'x', c: null, d: true, e: 1, f: 2, g: 3 }));
    const chunks = chunksUnderParamLimit(rows);
    for (const c of chunks) expect(c.length * 7).toBeLessThanOrEqual(MAX_BIND_PARAMETERS);
    expect(chunks.length).toBe(2);
    expect(chunks.flat()).toEqual(rows);
    expect(chunksUnderParamLimit([])).toEqual([]);
    expect(chunksUnderParamLimit([{ a: 1 }, { a: 2 }, { a: 3 }], 2).map((c) => c.length)).toEqual([2, 1]);
  });
});

describe('a batch wider than the wire protocol allows in one statement', () => {
  let database: Database;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-params-'));
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // 4,500 dealers in one batch of 5,000 is 76,500 values: one INSERT would fail with "bind message has ... parameter formats".
  it('imports 4,500 dealers in one batch, then finds them all held on a second import', async () => {
    const p = path.join(dir, 'dealers.csv');
    fs.writeFileSync(p, csvOf('dealers', Array.from({ length: 4_500 }, (_, i) => dealerRow(i))));
    const first = await importFile(database, { path: p, actor: SYSTEM_ACTOR, agencyId: null, batchSize: 5_000 });
    expect(first).toMatchObject({ outcome: 'completed', counts: { rowsOk: 4_500, rowsRejected: 0 } });
    const n = await database.db.selectFrom('dealers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(4_500);
    fs.writeFileSync(p, csvOf('dealers', Array.from({ length: 4_500 }, (_, i) => dealerRow(4_499 - i))));
    const again = await importFile(database, { path: p, actor: SYSTEM_ACTOR, agencyId: null, batchSize: 5_000 });
    expect(again).toMatchObject({ outcome: 'completed', counts: { rowsOk: 0, rowsDuplicate: 4_500, rowsRejected: 0 } });
  }, 120_000);
});
