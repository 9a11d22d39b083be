// Reading in the worker thread (read-worker.ts) takes and refuses exactly what reading on the importer's thread
// does: the same counts, messages, row errors and rejects, the same rows held, the same file problem at the same
// line with the whole batches before it kept; under --strict nothing; and a second run adds nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { csvOf, dealerRow, multipleSaleRow, ndjsonOf } from './fixtures.js';
import { importFile, type ImportOptions, type ImportSummary } from './importer.js';

const both: Record<'thread' | 'worker', Database> = {} as Record<'thread' | 'worker', Database>;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-worker-'));
  const dealers = path.join(dir, 'dealers.csv');
  fs.writeFileSync(dealers, csvOf('dealers', [0, 1, 2].map(dealerRow)));
  for (const k of ['thread', 'worker'] as const) {
    both[k] = await createTestDatabase();
    await importFile(both[k], { path: dealers, actor: SYSTEM_ACTOR, agencyId: null });
  }
});
afterAll(async () => {
  await both.thread.close();
  await both.worker.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => multipleSaleRow(from + i, { dealers: 3 }));

/** What an import says and leaves behind, without what differs by nature (time, ids). */
async function outcome(database: Database, s: ImportSummary) {
  const rejects = await database.db.selectFrom('import_rejects').select(['line', 'field', 'reason', 'raw']).where('batch_id', '=', s.batchId!).orderBy('line').orderBy('field').execute();
  const held = await database.db.selectFrom('firearms').select(['source_ref', 'serial_norm', 'maker']).where('import_batch_id', '=', s.batchId!).orderBy('source_ref').execute();
  const { elapsedMs: _e, batchId: _b, rejectsPath: _r, path: _p, ...rest } = s;
  return { summary: rest, rejects, held };
}

async function compare(p: string, o: Partial<ImportOptions> = {}) {
  const run = (k: 'thread' | 'worker') =>
    importFile(both[k], { path: p, actor: SYSTEM_ACTOR, agencyId: null, batchSize: 4, rejectsDir: null, readInWorker: k === 'worker', ...o });
  const t = await run('thread');
  const w = await run('worker');
  const ot = await outcome(both.thread, t);
  const ow = await outcome(both.worker, w);
  expect(ow).toEqual(ot);
  return ow;
}

describe('reading in a worker thread', () => {
  it('bad values, short rows, repeats and key conflicts: the same rows taken and refused, for the same reasons', async () => {
    const rs: Array<Record<string, string>> = rows(0, 14);
    rs[1] = { ...rs[1], buyer_dob: '1988-02-30' };
    rs[5] = { ...rs[5], item_seq: 'two' };
    rs.push({ ...rs[7] }); // an exact repeat: skipped
    rs.push({ ...rs[8], serial: 'OTHER1' }); // the same key with other values: refused
    const text = csvOf('multiple_sales', rs).replace(/\n(.*?)\n$/, '\n$1\nMS-SHORT,1,3310.4\n');
    const o = await compare(file('mixed.csv', text));
    expect(o.summary.outcome).toBe('completed');
    expect(o.summary.counts).toMatchObject({ rowsRejected: 4, rowsDuplicate: 1 });
    expect(o.summary.errors.join('\n')).toMatch(/buyer_dob/);
    expect(o.held.length).toBe(12);
  });

  it('an unclosed quote: the same file problem on the same line, the whole batches before it kept', async () => {
    const text = `${csvOf('multiple_sales', rows(100, 9))}MS-BROKEN,"1,3310.4\nMS-NEXT,2,3310.4\n`;
    const o = await compare(file('unclosed.csv', text));
    expect(o.summary.outcome).toBe('failed');
    expect(o.summary.message).toMatch(/line 11: a quoted field opened on this record is never closed/);
    expect(o.held.length).toBe(8);
  });

  it('--strict: nothing from a file with a bad row', async () => {
    const rs = rows(200, 10);
    rs[9] = { ...rs[9], transfer_date: 'soon' };
    const o = await compare(file('strict.csv', csvOf('multiple_sales', rs)), { strict: true });
    expect(o.summary.outcome).toBe('failed');
    expect(o.held).toEqual([]);
  });

  it('NDJSON, and the same file twice adds nothing', async () => {
    const p = file('sales.ndjson', ndjsonOf(rows(300, 7)));
    const first = await compare(p);
    expect(first.summary.counts.rowsOk).toBe(7);
    const again = await compare(p);
    expect(again.summary.outcome).toBe('already_imported');
  });
});
